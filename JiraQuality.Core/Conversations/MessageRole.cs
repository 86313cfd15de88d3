namespace JiraQuality.Core.Conversations;

/// <summary>Who wrote a message in a ticket's thread.</summary>
public enum MessageRole
{
    Unknown = 0,
    Agent = 1,
    Customer = 2,
}
