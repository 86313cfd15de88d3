namespace JiraQuality.Core.Scoring.Scorers;

/// <summary>The LLM endpoint, when set, must be an address the client can call.</summary>
public sealed class LlmOptionsValidator : Microsoft.Extensions.Options.IValidateOptions<LlmOptions>
{
    public Microsoft.Extensions.Options.ValidateOptionsResult Validate(string? name, LlmOptions options) =>
        string.IsNullOrWhiteSpace(options.Endpoint)
        || (Uri.TryCreate(options.Endpoint, UriKind.Absolute, out var url) && url.Scheme is "http" or "https")
            ? Microsoft.Extensions.Options.ValidateOptionsResult.Success
            : Microsoft.Extensions.Options.ValidateOptionsResult.Fail($"Llm:Endpoint must be an absolute http(s) address or empty, got '{options.Endpoint}'.");
}
