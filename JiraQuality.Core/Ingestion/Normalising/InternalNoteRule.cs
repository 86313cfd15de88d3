using System.Text.RegularExpressions;
using JiraQuality.Core.Conversations;
using JiraQuality.Core.Ingestion.Roles;

namespace JiraQuality.Core.Ingestion.Normalising;

/// <summary>
/// Whether a comment is an internal note. Jira's own flag wins when the source has one (REST <c>jsdPublic</c>).
/// CSV exports have none, so a comment is public unless there is evidence: a customer's comment never is internal;
/// an agent's comment is when it opens by addressing someone who is not a customer of the ticket (a colleague's
/// <c>[~accountid:…]</c> or <c>[~username]</c>); a comment that is not a customer's is when it carries the
/// <c>----</c> rule with a <c>*Note:</c> heading.
/// </summary>
public static partial class InternalNoteRule
{
    public static bool IsInternal(RawComment comment, MessageRole role, JiraTicket ticket, bool infer)
    {
        if (comment.IsPublic is bool isPublic)
        {
            return !isPublic;
        }

        if (!infer || role == MessageRole.Customer)
        {
            return false;
        }

        // The marker is Jira's own rendering of a note, evidence enough even when the author's role is not known.
        return HasNoteMarker(comment.Body) || (role == MessageRole.Agent && OpensByAddressingColleague(comment.Body, ticket));
    }

    public static bool HasNoteMarker(string body) =>
        body.Contains("----", StringComparison.Ordinal) && body.Contains("*Note:", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// The body starts with a mention of someone who is neither the reporter nor a request participant. An opaque Cloud
    /// id can only be judged when the reporter's account id is known; without it the comment stays public.
    /// </summary>
    public static bool OpensByAddressingColleague(string body, JiraTicket ticket)
    {
        var match = OpeningMention().Match(body);
        if (!match.Success)
        {
            return false;
        }

        var who = match.Groups["who"].Value;
        if (RoleResolver.IsCloudAccountId(who) && string.IsNullOrWhiteSpace(ticket.ReporterAccountId))
        {
            return false;
        }

        return !RoleResolver.IsCustomerOf(who, who, ticket);
    }

    [GeneratedRegex(@"^\s*\[~(?:accountid:)?(?<who>[^\]\s]+)\]", RegexOptions.IgnoreCase)]
    private static partial Regex OpeningMention();
}
