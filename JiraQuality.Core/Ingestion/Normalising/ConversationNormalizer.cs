using JiraQuality.Core.Conversations;
using JiraQuality.Core.Ingestion.Redaction;
using JiraQuality.Core.Ingestion.Roles;


namespace JiraQuality.Core.Ingestion.Normalising;

/// <summary>
/// Turns a ticket from any source into a conversation: roles, cleaned and redacted text, internal notes
/// flagged, messages ordered by timestamp with ties in source order (never by role), trimmed to the budget.
/// </summary>
public sealed class ConversationNormalizer(RoleResolver roles, ConversationTrimmer trimmer, bool inferInternalNotes = true)
{
    private readonly PersonNameRedactor _names = new(roles.Directory.DisplayNames);

    public Conversation Normalize(JiraTicket ticket)
    {
        // An assignee is staff on every ticket, also those read after this one.
        roles.Evidence.AddAssignee(ticket.AssigneeAccountId);
        if (!RoleResolver.IsCloudAccountId(ticket.Assignee))
        {
            roles.Evidence.AddAssignee(ticket.Assignee);
        }

        var messages = new List<ConversationMessage>(ticket.Comments.Count + 1);
        IEnumerable<RawComment> thread = OrderComments(ticket.Comments);
        if (OpeningRequest(ticket) is { } request)
        {
            thread = thread.Prepend(request);
        }

        var usernames = ServerUsernames(ticket);
        var mentions = new MentionRedactor(ticket, roles);
        foreach (var comment in thread)
        {
            var text = CommentTextCleaner.Clean(comment.Body);
            if (text.Length == 0)
            {
                // Nothing a reader would see (an empty body, content without text): not a message, not a turn.
                continue;
            }

            var message = WithRole(
                new ConversationMessage
                {
                    Index = messages.Count + 1,
                    TimestampUtc = comment.TimestampUtc,
                    AuthorId = comment.AuthorId,
                    AuthorSource = new MessageAuthorSource(comment.AuthorName, comment.AuthorAccountType),
                    Text = text,
                    RedactedText = UsernamePseudonyms.Replace(PiiRedactor.Redact(mentions.RedactedText(comment.Body, text)), usernames),
                },
                comment,
                ticket);
            messages.Add(message with { IsInternal = InternalNoteRule.IsInternal(comment, message.Role, ticket, inferInternalNotes) });
        }

        var (trimmed, tokens, trim) = trimmer.Apply(_names.Apply(messages, ticket.Reporter));
        return new Conversation
        {
            IssueKey = ticket.IssueKey.Trim(),
            Summary = ticket.Summary,
            Reporter = ticket.Reporter,
            ReporterAccountId = string.IsNullOrWhiteSpace(ticket.ReporterAccountId) ? null : ticket.ReporterAccountId.Trim(),
            Assignee = string.IsNullOrWhiteSpace(ticket.Assignee) ? null : ticket.Assignee.Trim(),
            AssigneeAccountId = string.IsNullOrWhiteSpace(ticket.AssigneeAccountId) ? null : ticket.AssigneeAccountId.Trim(),
            RequestParticipants = ticket.RequestParticipants.Where(p => !string.IsNullOrWhiteSpace(p)).Select(p => p.Trim()).Distinct(StringComparer.OrdinalIgnoreCase).ToList(),
            Status = ticket.Status,
            Resolution = ticket.Resolution,
            CreatedUtc = ticket.CreatedUtc,
            UpdatedUtc = ticket.UpdatedUtc,
            DueDate = string.IsNullOrWhiteSpace(ticket.DueDate) ? null : ticket.DueDate,
            CustomFields = ticket.CustomFields,
            Messages = trimmed,
            OpensWithRequest = true,
            TokenCount = tokens,
            Trim = trim,
            Source = ticket.Source,
        };
    }

    /// <summary>
    /// Server/Data Center usernames of the people on this ticket (comment authors; the reporter and assignee when the
    /// export names people by username), replaced by pseudonyms where they appear in redacted text.
    /// </summary>
    private static List<string> ServerUsernames(JiraTicket ticket)
    {
        var usernames = ticket.Comments.Select(c => c.AuthorId).Where(UsernamePseudonyms.IsServerUsername).Select(u => u!).ToList();
        if (string.IsNullOrWhiteSpace(ticket.ReporterAccountId) && string.IsNullOrWhiteSpace(ticket.AssigneeAccountId))
        {
            usernames.AddRange(new[] { ticket.Reporter, ticket.Assignee }.Where(UsernamePseudonyms.IsServerUsername).Select(u => u!));
        }

        return usernames;
    }

    /// <summary>
    /// The ticket's Description as the customer's opening message: written by the reporter at the ticket's Created
    /// time, public, first in the thread whatever the comments' timestamps, cleaned and redacted like any message.
    /// </summary>
    private static RawComment? OpeningRequest(JiraTicket ticket) => string.IsNullOrWhiteSpace(ticket.Description)
        ? null
        : new RawComment
        {
            AuthorId = string.IsNullOrWhiteSpace(ticket.ReporterAccountId) ? null : ticket.ReporterAccountId.Trim(),
            AuthorName = string.IsNullOrWhiteSpace(ticket.Reporter) ? null : ticket.Reporter.Trim(),
            IsPublic = true,
            TimestampUtc = ticket.CreatedUtc,
            Body = ticket.Description,
            SourceOrder = -1,
        };

    /// <summary>
    /// The stored conversation with every message's role, tier and author name derived again by the same rules as
    /// <see cref="Normalize"/>, with the agent directory this normaliser was made with. Text, order, timestamps and the
    /// trim stay as they are; internal flags too, except that a message whose author is now a customer is public.
    /// </summary>
    public Conversation ReapplyRoles(Conversation stored)
    {
        var ticket = new JiraTicket
        {
            IssueKey = stored.IssueKey,
            Reporter = stored.Reporter,
            ReporterAccountId = stored.ReporterAccountId,
            Assignee = stored.Assignee,
            AssigneeAccountId = stored.AssigneeAccountId,
            RequestParticipants = stored.RequestParticipants,
            Comments = [.. stored.Messages.Select(SourceComment)],
        };
        var messages = new List<ConversationMessage>(stored.Messages.Count);
        foreach (var message in stored.Messages)
        {
            var reapplied = WithRole(message, SourceComment(message), ticket);

            // A customer's comment is never internal; the other inferences need the original body, which is not kept.
            messages.Add(reapplied.Role == MessageRole.Customer ? reapplied with { IsInternal = false } : reapplied);
        }

        return stored with { Messages = messages };
    }

    /// <summary>
    /// The comment facts the role rules read, as the stored message kept them. A thread stored before the source facts
    /// were kept has only its decided role: that role stands in for the account type (agent → atlassian, customer →
    /// customer, unknown → app), so the rules after the directory decide as they did at import and only the
    /// directory is read anew.
    /// </summary>
    private static RawComment SourceComment(ConversationMessage message) => message.AuthorSource is { } source
        ? new RawComment { AuthorId = message.AuthorId, AuthorName = source.Name, AuthorAccountType = source.AccountType }
        : new RawComment
        {
            AuthorId = message.AuthorId,
            AuthorName = message.AuthorName,
            AuthorAccountType = message.Role switch
            {
                MessageRole.Agent => "atlassian",
                MessageRole.Customer => "customer",
                _ => "app",
            },
        };

    private ConversationMessage WithRole(ConversationMessage message, RawComment comment, JiraTicket ticket)
    {
        var (role, tier, name) = roles.Resolve(comment, ticket);
        return message with { AuthorName = name ?? comment.AuthorName, Role = role, Tier = tier };
    }

    /// <summary>
    /// Stable order: by timestamp, ties (same-minute CSV dates) in source order. A comment without a
    /// timestamp keeps its place after the comment that preceded it in the source.
    /// </summary>
    public static IReadOnlyList<RawComment> OrderComments(IReadOnlyList<RawComment> comments)
    {
        var inSourceOrder = comments.OrderBy(c => c.SourceOrder).ToList();
        var result = new List<RawComment>(inSourceOrder.Count);
        DateTime? carried = null;
        var keyed = new List<(DateTime Key, int Position, RawComment Comment)>(inSourceOrder.Count);
        for (var i = 0; i < inSourceOrder.Count; i++)
        {
            var comment = inSourceOrder[i];
            carried = comment.TimestampUtc ?? carried;
            keyed.Add((carried ?? DateTime.MinValue, i, comment));
        }

        // OrderBy is a stable sort, and the position makes the tie-break explicit.
        result.AddRange(keyed.OrderBy(k => k.Key).ThenBy(k => k.Position).Select(k => k.Comment));
        return result;
    }
}
