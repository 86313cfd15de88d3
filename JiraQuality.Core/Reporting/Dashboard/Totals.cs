using JiraQuality.Core.Reporting.Rollup;
using JiraQuality.Core.Scoring.Processing;


namespace JiraQuality.Core.Reporting.Dashboard;

/// <summary>
/// Additive sums and counts of one group of conversations. Means and rates are derived afterwards, so
/// groups (segments of a window, hours of a day) can be added together without going back to the rows.
/// </summary>
internal sealed class Totals<TKey>
{
    public TKey Key { get; init; } = default!;
    public long Count { get; init; }
    public double ScoreSum { get; init; }
    public long ScoreN { get; init; }
    public double AgentScoreSum { get; init; }
    public long AgentScoreN { get; init; }
    public double CustomerScoreSum { get; init; }
    public long CustomerScoreN { get; init; }
    public long ResolvedYes { get; init; }
    public long ResolvedNo { get; init; }
    public double FirstResponseSum { get; init; }
    public long FirstResponseN { get; init; }
    public long Sla5mYes { get; init; }
    public long Sla5mN { get; init; }
    public long Sla15mYes { get; init; }
    public long Sla15mN { get; init; }
    public double ResolutionSum { get; init; }
    public long ResolutionN { get; init; }
    public long Escalated { get; init; }
    public long HandedOver { get; init; }
    public long AbusiveCustomer { get; init; }
    public long ProfaneAgent { get; init; }
    public double CostSum { get; init; }
    public long CostN { get; init; }
}

/// <summary>The same sums, without a key, added up across groups.</summary>
internal sealed class Accumulated
{
    public long Count;
    public double ScoreSum;
    public long ScoreN;
    public double AgentScoreSum;
    public long AgentScoreN;
    public double CustomerScoreSum;
    public long CustomerScoreN;
    public long ResolvedYes;
    public long ResolvedNo;
    public double FirstResponseSum;
    public long FirstResponseN;
    public long Sla5mYes;
    public long Sla5mN;
    public long Sla15mYes;
    public long Sla15mN;
    public double ResolutionSum;
    public long ResolutionN;
    public long Escalated;
    public long HandedOver;
    public long AbusiveCustomer;
    public long ProfaneAgent;
    public double CostSum;
    public long CostN;

    public void Add<TKey>(Totals<TKey> t)
    {
        Count += t.Count;
        ScoreSum += t.ScoreSum;
        ScoreN += t.ScoreN;
        AgentScoreSum += t.AgentScoreSum;
        AgentScoreN += t.AgentScoreN;
        CustomerScoreSum += t.CustomerScoreSum;
        CustomerScoreN += t.CustomerScoreN;
        ResolvedYes += t.ResolvedYes;
        ResolvedNo += t.ResolvedNo;
        FirstResponseSum += t.FirstResponseSum;
        FirstResponseN += t.FirstResponseN;
        Sla5mYes += t.Sla5mYes;
        Sla5mN += t.Sla5mN;
        Sla15mYes += t.Sla15mYes;
        Sla15mN += t.Sla15mN;
        ResolutionSum += t.ResolutionSum;
        ResolutionN += t.ResolutionN;
        Escalated += t.Escalated;
        HandedOver += t.HandedOver;
        AbusiveCustomer += t.AbusiveCustomer;
        ProfaneAgent += t.ProfaneAgent;
        CostSum += t.CostSum;
        CostN += t.CostN;
    }

    public static double? Mean(double sum, long n) => n == 0 ? null : sum / n;

    public static double? Percent(long part, long whole) => whole == 0 ? null : 100.0 * part / whole;

    /// <summary>The period's KPIs; the distinct-people counts are not additive, so the caller counts them and passes them in.</summary>
    public PeriodKpis ToKpis(DateTime fromUtc, DateTime toUtc, long? profaneAgents = null, long? abusiveCustomers = null)
    {
        var verdicts = ResolvedYes + ResolvedNo;
        var values = new Dictionary<KpiId, KpiValue>
        {
            [KpiId.ConversationScore] = new(Mean(ScoreSum, ScoreN), ScoreN, Count),
            [KpiId.AgentScore] = new(Mean(AgentScoreSum, AgentScoreN), AgentScoreN, Count),
            [KpiId.CustomerScore] = new(Mean(CustomerScoreSum, CustomerScoreN), CustomerScoreN, Count),
            [KpiId.ResolvedPercent] = new(Percent(ResolvedYes, verdicts), ResolvedYes, verdicts),
            [KpiId.UnresolvedPercent] = new(Percent(ResolvedNo, verdicts), ResolvedNo, verdicts),
            [KpiId.FirstResponseMinutes] = new(Mean(FirstResponseSum, FirstResponseN), FirstResponseN, Count),
            [KpiId.Sla5mPercent] = new(Percent(Sla5mYes, Sla5mN), Sla5mYes, Sla5mN),
            [KpiId.Sla15mPercent] = new(Percent(Sla15mYes, Sla15mN), Sla15mYes, Sla15mN),
            [KpiId.ResolutionMinutes] = new(Mean(ResolutionSum, ResolutionN), ResolutionN, Count),
            [KpiId.EscalationTier1ToTier2Percent] = new(Percent(Escalated, Count), Escalated, Count),
            [KpiId.HandoverTier1ToAnyPercent] = new(Percent(HandedOver, Count), HandedOver, Count),
            [KpiId.AbusiveCustomerConversations] = new(AbusiveCustomer, AbusiveCustomer, Count),
            [KpiId.ProfaneAgentConversations] = new(ProfaneAgent, ProfaneAgent, Count),
            [KpiId.Volume] = new(Count, Count, Count),
            [KpiId.LlmCostUsd] = new(CostN == 0 ? null : CostSum, CostN, Count),
            [KpiId.ProfaneAgents] = new(profaneAgents, profaneAgents ?? 0, Count),
            [KpiId.AbusiveCustomers] = new(abusiveCustomers, abusiveCustomers ?? 0, Count),
        };
        return new PeriodKpis(fromUtc, toUtc, Count, values);
    }

    public TrendPoint ToTrendPoint() => new(
        Count,
        Mean(ScoreSum, ScoreN),
        Mean(AgentScoreSum, AgentScoreN),
        Mean(CustomerScoreSum, CustomerScoreN),
        Percent(ResolvedYes, ResolvedYes + ResolvedNo),
        Mean(FirstResponseSum, FirstResponseN));
}

internal static class TotalsProjection
{
    /// <summary>One SQL aggregate per figure: COUNT(CASE ...) and SUM(COALESCE(...)) in every group.</summary>
    public static IQueryable<Totals<TKey>> Aggregate<TKey>(this IQueryable<IGrouping<TKey, ProcessedConversation>> groups) =>
        groups.Select(g => new Totals<TKey>
        {
            Key = g.Key,
            Count = g.LongCount(),
            ScoreSum = g.Sum(x => x.ConversationScore ?? 0),
            ScoreN = g.LongCount(x => x.ConversationScore != null),
            AgentScoreSum = g.Sum(x => x.AgentScore ?? 0),
            AgentScoreN = g.LongCount(x => x.AgentScore != null),
            CustomerScoreSum = g.Sum(x => x.CustomerScore ?? 0),
            CustomerScoreN = g.LongCount(x => x.CustomerScore != null),
            ResolvedYes = g.LongCount(x => x.Resolved == true),
            ResolvedNo = g.LongCount(x => x.Resolved == false),
            FirstResponseSum = g.Sum(x => x.FirstAgentResponseMinutes ?? 0),
            FirstResponseN = g.LongCount(x => x.FirstAgentResponseMinutes != null),
            Sla5mYes = g.LongCount(x => x.InitialResponseSla5m == true),
            Sla5mN = g.LongCount(x => x.InitialResponseSla5m != null),
            Sla15mYes = g.LongCount(x => x.InitialResponseSla15m == true),
            Sla15mN = g.LongCount(x => x.InitialResponseSla15m != null),
            ResolutionSum = g.Sum(x => x.DurationToResolutionMinutes ?? 0),
            ResolutionN = g.LongCount(x => x.DurationToResolutionMinutes != null),
            Escalated = g.LongCount(x => x.EscalatedTier1ToTier2),
            HandedOver = g.LongCount(x => x.HandedOverFromTier1),
            AbusiveCustomer = g.LongCount(x => x.CustomerAbuseDetected),
            ProfaneAgent = g.LongCount(x => x.AgentProfanityDetected),
            CostSum = g.Sum(x => x.CostUsd ?? 0),
            CostN = g.LongCount(x => x.CostUsd != null),
        });
}

internal static class RollupTotals
{
    public static Totals<TKey> ToTotals<TKey>(this MetricsHourlyRollup r, TKey key) => new()
    {
        Key = key,
        Count = r.Count,
        ScoreSum = r.ScoreSum,
        ScoreN = r.ScoreN,
        AgentScoreSum = r.AgentScoreSum,
        AgentScoreN = r.AgentScoreN,
        CustomerScoreSum = r.CustomerScoreSum,
        CustomerScoreN = r.CustomerScoreN,
        ResolvedYes = r.ResolvedYes,
        ResolvedNo = r.ResolvedNo,
        FirstResponseSum = r.FirstResponseSum,
        FirstResponseN = r.FirstResponseN,
        Sla5mYes = r.Sla5mYes,
        Sla5mN = r.Sla5mN,
        Sla15mYes = r.Sla15mYes,
        Sla15mN = r.Sla15mN,
        ResolutionSum = r.ResolutionSum,
        ResolutionN = r.ResolutionN,
        Escalated = r.Escalated,
        HandedOver = r.HandedOver,
        AbusiveCustomer = r.AbusiveCustomer,
        ProfaneAgent = r.ProfaneAgent,
        CostSum = r.CostSum,
        CostN = r.CostN,
    };
}
