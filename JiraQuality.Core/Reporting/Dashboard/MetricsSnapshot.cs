namespace JiraQuality.Core.Reporting.Dashboard;

/// <summary>What the dashboard asks for: a window ending at an instant, filters, and the trend time zone.</summary>
public sealed record MetricsRequest
{
    public MetricsWindow Window { get; init; } = MetricsWindows.Default;

    /// <summary>The end of every window; null means now.</summary>
    public DateTime? AsOfUtc { get; init; }

    public MetricsFilter Filter { get; init; } = MetricsFilter.None;

    /// <summary>IANA or Windows time-zone id for the trend buckets; null means the configured default.</summary>
    public string? TimeZoneId { get; init; }
}

/// <summary>One view of the dashboard, computed by the database.</summary>
public sealed record MetricsSnapshot
{
    public required DateTime AsOfUtc { get; init; }
    public required MetricsWindow Window { get; init; }
    public required MetricsFilter Filter { get; init; }
    public required string TimeZoneId { get; init; }

    /// <summary>The latest conversation (end, else start) in the whole store, ignoring filters.</summary>
    public DateTime? LatestDataUtc { get; init; }

    /// <summary>True when nothing at all lies in the 30 days before the as-of instant.</summary>
    public bool NoDataInLast30Days { get; init; }

    /// <summary>24 h, 7 d and 30 d, each with its previous period.</summary>
    public required IReadOnlyList<WindowKpis> Windows { get; init; }

    public WindowKpis Selected => Windows.First(w => w.Window == Window);

    public required TrendSeries Trend { get; init; }
    public required SentimentPanel Sentiment { get; init; }
    public required IReadOnlyList<AgentPerformance> Agents { get; init; }
    public required IReadOnlyList<TopAgent> TopAgents { get; init; }
    public required IReadOnlyList<FlaggedAgent> FlaggedAgents { get; init; }
    public required IReadOnlyList<AbusiveCustomer> AbusiveCustomers { get; init; }
    public required ContactReasonPanel ContactReasons { get; init; }
    public required TipsPanel Tips { get; init; }
}

/// <summary>A trend bucket: a local hour or day, cut to the window at its ends.</summary>
public sealed record TrendBucket(DateTime StartUtc, DateTime EndUtc, string Label, bool Partial);

public sealed record TrendPoint(
    long Volume,
    double? ConversationScore,
    double? AgentScore,
    double? CustomerScore,
    double? ResolvedPercent,
    double? FirstResponseMinutes);

/// <summary>Per bucket figures of the window and, index by index, of the previous period.</summary>
public sealed record TrendSeries(
    IReadOnlyList<TrendBucket> Buckets,
    IReadOnlyList<TrendPoint> Current,
    IReadOnlyList<TrendPoint> Previous,
    string TimeZoneId,
    bool Hourly);

public sealed record SentimentSlice(string Sentiment, long Count, double Percent);

/// <summary>Sentiment mix of the window and its count per trend bucket.</summary>
public sealed record SentimentPanel(IReadOnlyList<SentimentSlice> Distribution, IReadOnlyDictionary<string, IReadOnlyList<long>> Trend)
{
    /// <summary>The labels in their fixed display order.</summary>
    public static IReadOnlyList<string> Labels { get; } =
        ["Delight", "Convenience", "Trust", "Frustration", "Disappointment", "Concern", "Hostility", MetricsFilter.NeutralSentiment];
}

/// <summary>One row of the agent × metric matrix; every figure is over the agent's conversations as primary agent.</summary>
public sealed record AgentPerformance(
    string Agent,
    string? Tier,
    long Conversations,
    double? AgentScore,
    double? FirstResponseMinutes,
    double? AgentResponseMinutes,
    double? ResolutionMinutes,
    double? ResolvedRate,
    long Escalated,
    long HandedOver,
    long Misclassified,
    double? MisclassificationRate,
    long ProfaneConversations,
    long ProfanityHits);

/// <summary>A ranked agent: <see cref="AdjustedScore"/> is the mean pulled towards the team mean by the prior weight.</summary>
public sealed record TopAgent(string Agent, string? Tier, long ScoredConversations, double MeanScore, double AdjustedScore);

public sealed record FlaggedAgent(string Agent, string? Tier, long ProfaneConversations, long Conversations, long ProfanityHits, double Share);

public sealed record AbusiveCustomer(string Customer, long AbusiveConversations, long AbuseHits, double? MeanCustomerScore, IReadOnlyList<string> IssueKeys);

/// <summary>
/// A contact reason's volume in the window and the previous period, and how often the scorer corrected the
/// agent's reason (of the conversations where it gave a verdict).
/// </summary>
public sealed record ContactReasonRow(string Reason, long Count, double Percent, long PreviousCount, long Misclassified, long ReasonVerdicts)
{
    public double? MisclassificationRate => ReasonVerdicts == 0 ? null : (double)Misclassified / ReasonVerdicts;
}

public sealed record ContactReasonPanel(IReadOnlyList<ContactReasonRow> Top, long Total, long Misclassified, long ReasonVerdicts)
{
    public double? MisclassificationRate => ReasonVerdicts == 0 ? null : (double)Misclassified / ReasonVerdicts;
}

/// <summary>Improvement tips that read the same once case, spacing and punctuation are ignored.</summary>
public sealed record TipGroup(string Tip, long Count, DateTime? LastSeenUtc);

public sealed record TipsPanel(IReadOnlyList<TipGroup> Top, long Total, int Unique, DateTime FromUtc, DateTime ToUtc);

/// <summary>The values each filter can take (from the conversations around the as-of instant).</summary>
public sealed record MetricsFilterOptions(
    IReadOnlyList<string> Agents,
    IReadOnlyList<string> Tiers,
    IReadOnlyList<string> Hubs,
    IReadOnlyList<string> Statuses,
    IReadOnlyList<string> ContactReasons,
    IReadOnlyList<string> Sentiments);
