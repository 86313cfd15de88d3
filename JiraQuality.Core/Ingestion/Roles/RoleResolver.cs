using System.Text.RegularExpressions;
using JiraQuality.Core.Agents.Directory;
using JiraQuality.Core.Conversations;

namespace JiraQuality.Core.Ingestion.Roles;

/// <summary>
/// Decides who wrote a comment from evidence, strongest first, the same way for Cloud account ids of every shape
/// (<c>557058:…</c>, <c>712020:…</c>, 24-hex) and Server/Data Center usernames:
/// <list type="number">
/// <item>the author is in the agent directory: agent with the listed tier (a "Non agent" is staff, kept as agent with that tier);</item>
/// <item>the author is marked as a customer (<c>known_customers</c>, by account id or username): customer;</item>
/// <item>the author is the ticket's reporter or one of its request participants: customer;</item>
/// <item>Jira says the account is a customer account, or the id starts with a customer prefix (default <c>qm:</c>): customer;</item>
/// <item>Jira says the account is an app, or the author is named like automation ("Automation for Jira"): automation (role unknown);</item>
/// <item>Jira says the account is an Atlassian account, or the id starts with a configured agent prefix: agent;</item>
/// <item>the author is the assignee of this ticket, of a ticket read earlier in the import or of a stored ticket: agent;</item>
/// <item>the author writes on a ticket reported by someone else (and is not a participant there): agent;</item>
/// <item>anything else: unknown.</item>
/// </list>
/// Rule 8 needs to know the customer side in the author's terms: an opaque Cloud id is compared with the reporter's
/// account id, or another author of the thread must already be identified as the customer (a portal account); without
/// either (a Cloud export without <c>Reporter Id</c>) such authors stay unknown rather than guessed.
/// </summary>
public sealed partial class RoleResolver(IngestionOptions options, AgentDirectorySnapshot directory, RoleEvidence? evidence = null)
{
    private readonly AgentTier _unlistedTier = AgentDirectoryService.ParseTier(options.UnlistedAgentTier) is var tier and not AgentTier.None ? tier : AgentTier.Tier1;

    public AgentDirectorySnapshot Directory => directory;

    public RoleEvidence Evidence { get; } = evidence ?? new RoleEvidence();

    public (MessageRole Role, AgentTier Tier, string? DisplayName) Resolve(RawComment comment, JiraTicket ticket)
    {
        var listed = directory.Find(comment.AuthorId, comment.AuthorName);
        if (listed is not null)
        {
            var listedTier = AgentDirectoryService.ParseTier(listed.Tier);
            return (MessageRole.Agent, listedTier == AgentTier.None ? _unlistedTier : listedTier, listed.DisplayName);
        }

        if (IsMarkedCustomer(comment) || IsCustomerOf(comment.AuthorId, comment.AuthorName, ticket))
        {
            return (MessageRole.Customer, AgentTier.None, comment.AuthorName);
        }

        var accountType = comment.AuthorAccountType?.Trim().ToLowerInvariant();
        var id = comment.AuthorId?.Trim() ?? "";
        if (accountType == "customer" || HasPrefix(id, options.EffectiveCustomerAccountPrefixes))
        {
            return (MessageRole.Customer, AgentTier.None, comment.AuthorName);
        }

        if (IsAutomation(accountType, comment.AuthorId, comment.AuthorName))
        {
            return (MessageRole.Unknown, AgentTier.None, comment.AuthorName);
        }

        if (accountType == "atlassian" || HasPrefix(id, options.EffectiveAgentAccountPrefixes))
        {
            return (MessageRole.Agent, _unlistedTier, comment.AuthorName);
        }

        if (IsAssignee(comment, ticket) || CommentsOnSomeoneElsesTicket(comment, ticket, options))
        {
            return (MessageRole.Agent, _unlistedTier, comment.AuthorName);
        }

        return (MessageRole.Unknown, AgentTier.None, comment.AuthorName);
    }

    /// <summary>
    /// The role of someone mentioned on the ticket who did not write on it: only evidence about the person counts (the
    /// directory, the ticket's customers, prefixes, assignees), not the inference drawn from writing on someone else's ticket.
    /// </summary>
    public MessageRole ResolveMentioned(string account, string? displayName, JiraTicket ticket)
    {
        var mentioned = new RawComment { AuthorId = account, AuthorName = displayName };
        var role = Resolve(mentioned, ticket).Role;
        var agentByEvidence = directory.Find(account, displayName) is not null
            || HasPrefix(account.Trim(), options.EffectiveAgentAccountPrefixes)
            || IsAssignee(mentioned, ticket);
        return role == MessageRole.Agent && !agentByEvidence ? MessageRole.Unknown : role;
    }

    /// <summary>Marked by account id or username; by name only when the comment has no id (as the import report names such authors).</summary>
    private bool IsMarkedCustomer(RawComment comment) =>
        string.IsNullOrWhiteSpace(comment.AuthorId) ? Evidence.IsKnownCustomer(comment.AuthorName) : Evidence.IsKnownCustomer(comment.AuthorId);

    /// <summary>True when the person (by account id, username or name) is the ticket's reporter or one of its request participants.</summary>
    public static bool IsCustomerOf(string? authorId, string? authorName, JiraTicket ticket)
    {
        if (IsReporter(authorId, authorName, ticket))
        {
            return true;
        }

        foreach (var participant in ticket.RequestParticipants)
        {
            if (Same(participant, authorId) || Same(participant, authorName))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>An opaque Cloud account id (<c>557058:…</c>, <c>712020:…</c>, <c>qm:…</c>, 24 hex digits), as opposed to a Server username or a name.</summary>
    public static bool IsCloudAccountId(string? id) =>
        !string.IsNullOrWhiteSpace(id) && (id.Contains(':', StringComparison.Ordinal) || HexAccountId().IsMatch(id.Trim()));

    private static bool IsReporter(string? authorId, string? authorName, JiraTicket ticket)
    {
        if (!string.IsNullOrWhiteSpace(ticket.ReporterAccountId) && !string.IsNullOrWhiteSpace(authorId) && IsCloudAccountId(authorId))
        {
            return Same(ticket.ReporterAccountId, authorId);
        }

        return Same(ticket.ReporterAccountId, authorId)
            || Same(ticket.Reporter, authorName)
            || Same(ticket.Reporter, authorId);
    }

    private bool IsAssignee(RawComment comment, JiraTicket ticket) =>
        Same(ticket.AssigneeAccountId, comment.AuthorId)
        || Same(ticket.Assignee, comment.AuthorId)
        || Same(ticket.Assignee, comment.AuthorName)
        || Evidence.IsKnownAssignee(comment.AuthorId)
        || (!IsCloudAccountId(comment.AuthorName) && Evidence.IsKnownAssignee(comment.AuthorName));

    /// <summary>
    /// The author is known, is not a customer of this ticket, and the customer side is known in the author's terms: the
    /// reporter's account id for an opaque Cloud id, the reporter's name or username otherwise, or another author of
    /// the thread already identified as this ticket's customer. Customers write on their own requests; staff on others'.
    /// </summary>
    private static bool CommentsOnSomeoneElsesTicket(RawComment comment, JiraTicket ticket, IngestionOptions options)
    {
        if (string.IsNullOrWhiteSpace(comment.AuthorId) && string.IsNullOrWhiteSpace(comment.AuthorName))
        {
            return false;
        }

        var reporterComparable = IsCloudAccountId(comment.AuthorId)
            ? !string.IsNullOrWhiteSpace(ticket.ReporterAccountId)
            : !string.IsNullOrWhiteSpace(ticket.Reporter) || !string.IsNullOrWhiteSpace(ticket.ReporterAccountId);
        return reporterComparable || ticket.Comments.Any(other =>
            !Same(other.AuthorId ?? other.AuthorName, comment.AuthorId ?? comment.AuthorName)
            && IsIdentifiedCustomer(other, ticket, options));
    }

    private static bool IsIdentifiedCustomer(RawComment comment, JiraTicket ticket, IngestionOptions options) =>
        string.Equals(comment.AuthorAccountType?.Trim(), "customer", StringComparison.OrdinalIgnoreCase)
        || HasPrefix(comment.AuthorId?.Trim() ?? "", options.EffectiveCustomerAccountPrefixes)
        || (!string.IsNullOrWhiteSpace(ticket.ReporterAccountId) && Same(ticket.ReporterAccountId, comment.AuthorId));

    /// <summary>An app account, or an author named like Jira's rule engines ("Automation for Jira", "automation"); exports give no account type.</summary>
    public static bool IsAutomation(string? accountType, string? id, string? name) =>
        string.Equals(accountType?.Trim(), "app", StringComparison.OrdinalIgnoreCase) || IsAutomationName(id) || IsAutomationName(name);

    private static bool IsAutomationName(string? name) =>
        !string.IsNullOrWhiteSpace(name) && name.Contains("automation", StringComparison.OrdinalIgnoreCase);

    private static bool Same(string? a, string? b) =>
        !string.IsNullOrWhiteSpace(a) && !string.IsNullOrWhiteSpace(b) && string.Equals(a.Trim(), b.Trim(), StringComparison.OrdinalIgnoreCase);

    private static bool HasPrefix(string id, IReadOnlyList<string> prefixes)
    {
        foreach (var prefix in prefixes)
        {
            if (!string.IsNullOrEmpty(prefix) && id.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    [GeneratedRegex("^[0-9a-fA-F]{24}$")]
    private static partial Regex HexAccountId();
}
