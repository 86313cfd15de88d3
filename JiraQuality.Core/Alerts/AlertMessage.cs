using System.Text.Json;
using System.Text.Json.Serialization;

namespace JiraQuality.Core.Alerts;

/// <summary>
/// One alert as channels render it. Built from processed rows and the redacted thread only: it never holds
/// original (unredacted) ticket text.
/// </summary>
public sealed record AlertMessage
{
    /// <summary>The rule kind (customer-abuse, low-score, ...).</summary>
    public required string Rule { get; init; }

    public required string RuleId { get; init; }
    public string? IssueKey { get; init; }
    public string? Hub { get; init; }
    public string? Agent { get; init; }
    public double? ConversationScore { get; init; }
    public double? AgentScore { get; init; }

    /// <summary>The ticket in Jira when Jira is configured, else its page on the dashboard.</summary>
    public string? Url { get; init; }

    /// <summary>The ticket's page on the dashboard, when <see cref="AlertsOptions.PublicUrl"/> is set.</summary>
    public string? DashboardUrl { get; init; }

    public DateTime AtUtc { get; init; }

    /// <summary>Why the rule fired, in words (e.g. "Customer abuse: 2 abusive words").</summary>
    public string Reason { get; init; } = "";

    /// <summary>The offending (or opening) message, redacted and shortened.</summary>
    public string? Excerpt { get; init; }

    public string Title => IssueKey is null ? $"{Rule}: {Reason}" : $"{Rule} on {IssueKey}";

    internal static readonly JsonSerializerOptions StorageJson = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public string ToJson() => JsonSerializer.Serialize(this, StorageJson);

    public static AlertMessage FromJson(string json) =>
        JsonSerializer.Deserialize<AlertMessage>(json, StorageJson) ?? throw new InvalidDataException("An alert delivery holds no alert.");
}
