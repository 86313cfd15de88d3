namespace JiraQuality.Web.Features.Instances;

/// <summary>A Redis connection string that does not parse stops the start, named.</summary>
public sealed class SignalRSettingsValidator : Microsoft.Extensions.Options.IValidateOptions<SignalRSettings>
{
    public Microsoft.Extensions.Options.ValidateOptionsResult Validate(string? name, SignalRSettings options)
    {
        try
        {
            _ = options.ParseRedis();
            return Microsoft.Extensions.Options.ValidateOptionsResult.Success;
        }
        catch (InvalidOperationException ex)
        {
            return Microsoft.Extensions.Options.ValidateOptionsResult.Fail(ex.Message);
        }
    }
}
