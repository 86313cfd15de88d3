using System.Security.Claims;
using JiraQuality.Core.Reporting.ConversationQueries;

namespace JiraQuality.Core.Identity;

/// <summary>
/// The one way the drill-down and the conversations API read a ticket for a user: redacted by default for everyone;
/// the original only for those allowed to reveal personal data who ask for it, and then never without an audit entry.
/// </summary>
public sealed class ConversationAccess(ConversationQuery conversations, AuditLog audit, HubScopes scopes, PendingConversationQuery? pending = null)
{
    /// <summary>
    /// The thread of an imported ticket that is not scored yet, always redacted (the original text is revealed on
    /// scored tickets only); null when there is none the user may see.
    /// </summary>
    public async Task<Conversations.Conversation?> GetPendingAsync(string issueKey, ClaimsPrincipal user, CancellationToken cancellationToken = default)
    {
        if (pending is null)
        {
            return null;
        }

        var thread = await pending.GetAsync(issueKey, await scopes.AllowedHubsAsync(user, cancellationToken), cancellationToken);
        return thread is null ? null : PersonalDataRedaction.Redact(thread);
    }

    public async Task<ConversationAccessResult> GetDetailAsync(
        string issueKey,
        ClaimsPrincipal user,
        bool original,
        string channel,
        string? remoteAddress,
        CancellationToken cancellationToken = default)
    {
        if (original && !PersonalDataAccess.MayReveal(user))
        {
            return ConversationAccessResult.Forbidden;
        }

        // A ticket of a hub the user may not see does not exist for them.
        var detail = await conversations.GetDetailAsync(issueKey, await scopes.AllowedHubsAsync(user, cancellationToken), cancellationToken);
        if (detail is null)
        {
            return ConversationAccessResult.NotFound;
        }

        if (!original)
        {
            return new ConversationAccessResult(ConversationAccessOutcome.Found, PersonalDataRedaction.Redact(detail), false);
        }

        // Recorded before the text is handed out: a reveal that cannot be audited does not happen.
        await audit.RecordAsync(
            PersonalDataAccess.ActorOf(user),
            AuditActions.RevealPersonalData,
            detail.Processed.IssueKey,
            $"Original text shown ({channel}).",
            remoteAddress,
            cancellationToken);
        return new ConversationAccessResult(ConversationAccessOutcome.Found, detail, true);
    }
}
