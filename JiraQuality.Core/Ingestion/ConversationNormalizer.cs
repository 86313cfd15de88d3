using JiraQuality.Core.Domain;

namespace JiraQuality.Core.Ingestion;

/// <summary>
/// Turns a ticket from any source into a conversation: roles, cleaned and redacted text, internal notes
/// flagged, messages ordered by timestamp with ties in source order (never by role), trimmed to the budget.
/// </summary>
public sealed class ConversationNormalizer(RoleResolver roles, ConversationTrimmer trimmer)
{
    public Conversation Normalize(JiraTicket ticket)
    {
        var messages = new List<ConversationMessage>(ticket.Comments.Count);
        foreach (var comment in OrderComments(ticket.Comments))
        {
            var text = CommentTextCleaner.Clean(comment.Body);
            var (role, tier, name) = roles.Resolve(comment, ticket);
            var isInternal = comment.IsPublic is bool isPublic ? !isPublic : CommentTextCleaner.LooksLikeInternalNote(comment.Body);
            messages.Add(new ConversationMessage
            {
                Index = messages.Count + 1,
                TimestampUtc = comment.TimestampUtc,
                AuthorId = comment.AuthorId,
                AuthorName = name ?? comment.AuthorName,
                Role = role,
                Tier = tier,
                IsInternal = isInternal,
                Text = text,
                RedactedText = PiiRedactor.Redact(text),
            });
        }

        var (trimmed, tokens, trim) = trimmer.Apply(messages);
        return new Conversation
        {
            IssueKey = ticket.IssueKey.Trim(),
            Summary = ticket.Summary,
            Reporter = ticket.Reporter,
            Status = ticket.Status,
            Resolution = ticket.Resolution,
            CreatedUtc = ticket.CreatedUtc,
            UpdatedUtc = ticket.UpdatedUtc,
            DueDate = string.IsNullOrWhiteSpace(ticket.DueDate) ? null : ticket.DueDate,
            CustomFields = ticket.CustomFields,
            Messages = trimmed,
            TokenCount = tokens,
            Trim = trim,
            Source = ticket.Source,
        };
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
