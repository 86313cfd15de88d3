using System.Text.Json;

namespace JiraQuality.Core.Alerts;

/// <summary>The alerts of one digest period for one channel.</summary>
public sealed record AlertDigestMessage
{
    public required string Channel { get; init; }

    /// <summary>The digest's scheduled time.</summary>
    public DateTime PeriodUtc { get; init; }

    public IReadOnlyList<AlertMessage> Alerts { get; init; } = [];

    public string ToJson() => JsonSerializer.Serialize(this, AlertMessage.StorageJson);

    public static AlertDigestMessage FromJson(string json) =>
        JsonSerializer.Deserialize<AlertDigestMessage>(json, AlertMessage.StorageJson) ?? throw new InvalidDataException("A digest delivery holds no digest.");
}
