namespace JiraQuality.Core.Identity;

/// <summary>Runs <see cref="SingleSignOnOptions.Validate"/> at start-up: SSO settings that cannot work stop the start, named.</summary>
public sealed class SingleSignOnOptionsValidator : Microsoft.Extensions.Options.IValidateOptions<SingleSignOnOptions>
{
    public Microsoft.Extensions.Options.ValidateOptionsResult Validate(string? name, SingleSignOnOptions options) =>
        options.Validate() is { Count: > 0 } problems
            ? Microsoft.Extensions.Options.ValidateOptionsResult.Fail(problems)
            : Microsoft.Extensions.Options.ValidateOptionsResult.Success;
}
