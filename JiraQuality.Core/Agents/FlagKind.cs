namespace JiraQuality.Core.Agents;

public enum FlagKind
{
    /// <summary>A reply of the agent with profanity in it.</summary>
    AgentProfanity,

    /// <summary>A customer's abusive message in a conversation the agent handled.</summary>
    CustomerAbuse,
}
