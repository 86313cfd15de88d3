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
