namespace JiraQuality.Core.Alerts;

public sealed class AlertChannelOptions
{
    public string Name { get; set; } = "";

    /// <summary>email, slack, teams or webhook.</summary>
    public string Kind { get; set; } = "";

    /// <summary>The incoming-webhook address (slack, teams, webhook). A secret: never logged or shown.</summary>
    public string Url { get; set; } = "";

    /// <summary>The HMAC-SHA256 key that signs generic webhook bodies. Never logged or shown.</summary>
    public string Secret { get; set; } = "";

    /// <summary>E-mail recipients, separated by commas or semicolons.</summary>
    public string To { get; set; } = "";

    public IReadOnlyList<string> Recipients =>
        To.Split([',', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
