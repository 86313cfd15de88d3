namespace JiraQuality.Core.Alerts;

public sealed class AlertSmtpOptions
{
    public string Host { get; set; } = "";
    public int Port { get; set; } = 587;

    /// <summary>none, starttls (default), ssl (TLS from the first byte) or auto.</summary>
    public string Security { get; set; } = "starttls";

    public string User { get; set; } = "";

    /// <summary>Never logged or shown.</summary>
    public string Password { get; set; } = "";

    public string From { get; set; } = "";
}
