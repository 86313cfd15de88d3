namespace JiraQuality.Core.Identity;

public enum ConversationAccessOutcome
{
    Found,
    NotFound,

    /// <summary>The original text was asked for by someone who may not reveal personal data; nothing was read.</summary>
    Forbidden,
}
