namespace JiraQuality.Core.Reporting.Dashboard;

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
