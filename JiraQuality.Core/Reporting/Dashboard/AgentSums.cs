namespace JiraQuality.Core.Reporting.Dashboard;

/// <summary>One agent's additive figures, from the rows or the rollup, added together before means are taken.</summary>
internal sealed class AgentSums
{
    public string Agent { get; init; } = "";
    public string? Tier { get; set; }
    public long Count { get; set; }
    public double AgentScoreSum { get; set; }
    public long AgentScoreN { get; set; }
    public double FirstSum { get; set; }
    public long FirstN { get; set; }
    public double ResponseSum { get; set; }
    public long ResponseN { get; set; }
    public double ResolutionSum { get; set; }
    public long ResolutionN { get; set; }
    public long ResolvedYes { get; set; }
    public long ResolvedKnown { get; set; }
    public long Escalated { get; set; }
    public long HandedOver { get; set; }
    public long Misclassified { get; set; }
    public long ReasonVerdicts { get; set; }
    public long Profane { get; set; }
    public long ProfanityHits { get; set; }

    public void Add(AgentSums other)
    {
        Tier = Tier is null || (other.Tier is not null && string.CompareOrdinal(other.Tier, Tier) > 0) ? other.Tier : Tier;
        Count += other.Count;
        AgentScoreSum += other.AgentScoreSum;
        AgentScoreN += other.AgentScoreN;
        FirstSum += other.FirstSum;
        FirstN += other.FirstN;
        ResponseSum += other.ResponseSum;
        ResponseN += other.ResponseN;
        ResolutionSum += other.ResolutionSum;
        ResolutionN += other.ResolutionN;
        ResolvedYes += other.ResolvedYes;
        ResolvedKnown += other.ResolvedKnown;
        Escalated += other.Escalated;
        HandedOver += other.HandedOver;
        Misclassified += other.Misclassified;
        ReasonVerdicts += other.ReasonVerdicts;
        Profane += other.Profane;
        ProfanityHits += other.ProfanityHits;
    }
}
