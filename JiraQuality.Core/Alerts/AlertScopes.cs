namespace JiraQuality.Core.Alerts;

/// <summary>What a <c>low-score</c> rule looks at: each conversation, or each agent's mean over a period.</summary>
public static class AlertScopes
{
    public const string Conversation = "conversation";
    public const string Agent = "agent";
}
