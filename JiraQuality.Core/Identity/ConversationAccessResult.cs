using JiraQuality.Core.Reporting.ConversationQueries;

namespace JiraQuality.Core.Identity;

/// <summary>A ticket as one user may see it: redacted unless <see cref="Original"/>.</summary>
public sealed record ConversationAccessResult(ConversationAccessOutcome Outcome, ConversationDetail? Detail, bool Original)
{
    public static ConversationAccessResult NotFound { get; } = new(ConversationAccessOutcome.NotFound, null, false);
    public static ConversationAccessResult Forbidden { get; } = new(ConversationAccessOutcome.Forbidden, null, false);
}
