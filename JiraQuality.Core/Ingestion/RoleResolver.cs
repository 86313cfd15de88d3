using JiraQuality.Core.Domain;

namespace JiraQuality.Core.Ingestion;

/// <summary>
/// Decides who wrote a comment. Rules, first match wins:
/// <list type="number">
/// <item>the author is in the agent directory: agent with the listed tier (a "Non agent" is staff, kept as agent with that tier);</item>
/// <item>Jira says the account is an app (automation): unknown;</item>
/// <item>the author is the ticket's reporter: customer;</item>
/// <item>Jira says the account is a customer account, or the id starts with a customer prefix (default <c>qm:</c>): customer;</item>
/// <item>Jira says the account is an Atlassian account, or the id starts with an agent prefix (default <c>712020:</c>): agent with the unlisted-agent tier;</item>
/// <item>anything else: unknown.</item>
/// </list>
/// </summary>
public sealed class RoleResolver(IngestionOptions options, AgentDirectorySnapshot directory)
{
    private readonly AgentTier _unlistedTier = AgentDirectoryService.ParseTier(options.UnlistedAgentTier) is var tier and not AgentTier.None ? tier : AgentTier.Tier1;

    public AgentDirectorySnapshot Directory => directory;

    public (MessageRole Role, AgentTier Tier, string? DisplayName) Resolve(RawComment comment, JiraTicket ticket)
    {
        var listed = directory.Find(comment.AuthorId, comment.AuthorName);
        if (listed is not null)
        {
            var listedTier = AgentDirectoryService.ParseTier(listed.Tier);
            return (MessageRole.Agent, listedTier == AgentTier.None ? _unlistedTier : listedTier, listed.DisplayName);
        }

        var accountType = comment.AuthorAccountType?.Trim().ToLowerInvariant();
        if (accountType == "app")
        {
            return (MessageRole.Unknown, AgentTier.None, comment.AuthorName);
        }

        if (IsReporter(comment, ticket))
        {
            return (MessageRole.Customer, AgentTier.None, comment.AuthorName);
        }

        var id = comment.AuthorId?.Trim() ?? "";
        if (accountType == "customer" || HasPrefix(id, options.EffectiveCustomerAccountPrefixes))
        {
            return (MessageRole.Customer, AgentTier.None, comment.AuthorName);
        }

        if (accountType == "atlassian" || HasPrefix(id, options.EffectiveAgentAccountPrefixes))
        {
            return (MessageRole.Agent, _unlistedTier, comment.AuthorName);
        }

        return (MessageRole.Unknown, AgentTier.None, comment.AuthorName);
    }

    private static bool IsReporter(RawComment comment, JiraTicket ticket)
    {
        if (!string.IsNullOrWhiteSpace(ticket.ReporterAccountId) && !string.IsNullOrWhiteSpace(comment.AuthorId))
        {
            return string.Equals(ticket.ReporterAccountId.Trim(), comment.AuthorId.Trim(), StringComparison.OrdinalIgnoreCase);
        }

        return !string.IsNullOrWhiteSpace(ticket.Reporter)
            && (string.Equals(ticket.Reporter.Trim(), comment.AuthorName?.Trim(), StringComparison.OrdinalIgnoreCase)
                || string.Equals(ticket.Reporter.Trim(), comment.AuthorId?.Trim(), StringComparison.OrdinalIgnoreCase));
    }

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
}
