namespace JiraQuality.Web.Hosting;

/// <summary>Every allowed origin must be an http(s) origin, or the guard would refuse the proxy it was meant for.</summary>
public sealed class WebOptionsValidator : Microsoft.Extensions.Options.IValidateOptions<WebOptions>
{
    public Microsoft.Extensions.Options.ValidateOptionsResult Validate(string? name, WebOptions options)
    {
        try
        {
            _ = SameOriginGuard.ParseOrigins(options.AllowedOrigins);
            return Microsoft.Extensions.Options.ValidateOptionsResult.Success;
        }
        catch (InvalidOperationException exception)
        {
            return Microsoft.Extensions.Options.ValidateOptionsResult.Fail(exception.Message);
        }
    }
}
