namespace JiraQuality.Web.Features.Dashboard;

/// <summary>Which escalation the escalation card and the agent matrix show.</summary>
public enum EscalationMode
{
    Tier1ToTier2,
    Tier1ToAny,
}
