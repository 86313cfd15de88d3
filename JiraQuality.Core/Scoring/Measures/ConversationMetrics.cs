namespace JiraQuality.Core.Scoring.Measures;

/// <summary>
/// The deterministic figures of one conversation. Times are minutes; a null means "no such event" (no
/// response, no timestamp), never zero.
/// </summary>
public sealed record ConversationMetrics
{
    /// <summary>Changes whenever a definition below changes, so stored figures say which rules made them.</summary>
    public const string Version = "m1";

    public DateTime? ConversationStartUtc { get; init; }
    public DateTime? ConversationEndUtc { get; init; }
    public double? DurationMinutes { get; init; }
    public double? FirstAgentResponseMinutes { get; init; }
    public double? AvgAgentResponseMinutes { get; init; }
    public double? AvgCustomerResponseMinutes { get; init; }
    public int MessagesTotal { get; init; }
    public int MessagesAgent { get; init; }
    public int MessagesCustomer { get; init; }
    public int MessagesInternal { get; init; }
    public int Turns { get; init; }

    /// <summary>Distinct agent authors in order of appearance.</summary>
    public IReadOnlyList<string> AgentAuthors { get; init; } = [];

    public IReadOnlyList<string> CustomerAuthors { get; init; } = [];
    public string? FirstResponder { get; init; }

    /// <summary>The message (1-based index) that gave the first agent response, and when the turn it answered began.</summary>
    public int? FirstResponseMessageIndex { get; init; }

    public DateTime? FirstResponseFromUtc { get; init; }
    public string? FirstResponderTier { get; init; }
    public string? PrimaryAgent { get; init; }
    public string? PrimaryAgentTier { get; init; }
    public bool? InitialResponseSla5m { get; init; }
    public bool? InitialResponseSla15m { get; init; }
    public int AgentProfanityCount { get; init; }
    public int CustomerAbuseCount { get; init; }
    public bool AgentProfanityDetected => AgentProfanityCount > 0;
    public bool CustomerAbuseDetected => CustomerAbuseCount > 0;
    public bool EscalatedTier1ToTier2 { get; init; }
    public bool HandedOverFromTier1 { get; init; }
}
