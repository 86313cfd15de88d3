namespace JiraQuality.Web.Hosting;

/// <summary>Bound from the <c>Web</c> section: settings of the web server itself.</summary>
public sealed class WebOptions
{
    public const string SectionName = "Web";

    /// <summary>
    /// Other origins (scheme, host and port, separated by commas or spaces) whose pages may change data or open a live
    /// connection here, e.g. a reverse proxy's public address; this app's own origin is always allowed.
    /// </summary>
    public string? AllowedOrigins { get; set; }
}

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
