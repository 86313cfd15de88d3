namespace JiraQuality.Core.Alerts;

/// <summary>How far evaluation has read (by processed time), and when the last digest went out.</summary>
public sealed class AlertCheckpoint
{
    public string Name { get; set; } = "";
    public DateTime? PositionUtc { get; set; }
    public DateTime UpdatedAtUtc { get; set; }
}
