namespace JiraQuality.Core.Reporting.Rollup;

/// <summary>
/// Additive totals of the processed conversations whose reference time falls in one UTC hour, overall
/// (<see cref="Dimension"/> empty) or per value of one dimension the dashboard groups by. Kept in step with
/// <c>jira_processed_conversations</c> in the transaction that writes those rows, so a window of many hours is a
/// sum of a few rollup rows instead of a scan of every conversation in it.
/// </summary>
public sealed class MetricsHourlyRollup
{
    public const string Overall = "";
    public const string AgentDimension = "agent";
    public const string ContactReasonDimension = "reason";
    public const string SentimentDimension = "sentiment";
    public const string HubDimension = "hub";
    public const string TierDimension = "tier";
    public const string StatusDimension = "status";

    /// <summary>Scored reason, else the agent's, as the filter bar lists them (blank kept blank).</summary>
    public const string ReasonChoiceDimension = "reason_choice";

    public string Dimension { get; set; } = Overall;

    /// <summary>The dimension's value (primary agent, effective contact reason, sentiment as stored); empty for none.</summary>
    public string Value { get; set; } = "";

    public DateTime HourUtc { get; set; }

    public long Count { get; set; }
    public double ScoreSum { get; set; }
    public long ScoreN { get; set; }
    public double AgentScoreSum { get; set; }
    public long AgentScoreN { get; set; }
    public double CustomerScoreSum { get; set; }
    public long CustomerScoreN { get; set; }
    public long ResolvedYes { get; set; }
    public long ResolvedNo { get; set; }
    public double FirstResponseSum { get; set; }
    public long FirstResponseN { get; set; }
    public double AvgResponseSum { get; set; }
    public long AvgResponseN { get; set; }
    public long Sla5mYes { get; set; }
    public long Sla5mN { get; set; }
    public long Sla15mYes { get; set; }
    public long Sla15mN { get; set; }
    public double ResolutionSum { get; set; }
    public long ResolutionN { get; set; }
    public long Escalated { get; set; }
    public long HandedOver { get; set; }
    public long AbusiveCustomer { get; set; }
    public long ProfaneAgent { get; set; }
    public long ProfanityHits { get; set; }
    public long Misclassified { get; set; }
    public long ReasonVerdicts { get; set; }
    public double CostSum { get; set; }
    public long CostN { get; set; }

    /// <summary>Greatest primary-agent tier among the hour's rows (the agent panel shows the greatest over the window).</summary>
    public string? MaxTier { get; set; }
}
