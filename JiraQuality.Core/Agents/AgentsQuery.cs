using JiraQuality.Core.Identity;
using JiraQuality.Core.Ingestion.Prepared;
using JiraQuality.Core.Reporting;
using JiraQuality.Core.Reporting.ConversationQueries;
using JiraQuality.Core.Reporting.Dashboard;
using JiraQuality.Core.Review;
using JiraQuality.Core.Scoring;
using JiraQuality.Core.Scoring.Measures;
using JiraQuality.Core.Scoring.Processing;
using JiraQuality.Core.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace JiraQuality.Core.Agents;

/// <summary>
/// The agents list and one agent's page: figures as primary agent (the dashboard's agent matrix and KPIs, so the
/// numbers agree with the dashboard), conversations, flagged messages, escalations, tips by theme and review scores.
/// Everything is narrowed to the asking user's hubs.
/// </summary>
public sealed class AgentsQuery(
    IDbContextFactory<JiraQualityDbContext> contexts,
    MetricsQuery metrics,
    IOptions<ScoringOptions> scoring,
    ReviewQualityQuery? reviews = null)
{
    public const int ConversationsShown = 25;
    public const int FlaggedConversationsRead = 50;
    public const int EscalationsShown = 50;

    private readonly WordMatcher _agentProfanity = new(scoring.Value.EffectiveAgentProfanityWords);
    private readonly WordMatcher _customerAbuse = new(scoring.Value.EffectiveCustomerAbuseWords);

    /// <summary>Every agent with conversations (as primary agent) in the window, with their figures.</summary>
    public Task<IReadOnlyList<AgentPerformance>> ListAsync(MetricsWindow window, DateTime? asOfUtc, string? allowedHubs, CancellationToken cancellationToken = default) =>
        metrics.GetAgentsAsync(new MetricsRequest { Window = window, AsOfUtc = asOfUtc, Filter = MetricsFilter.None with { AllowedHubs = allowedHubs } }, cancellationToken);

    /// <summary>
    /// One agent's page; null when no conversation the user may see names the agent (as primary agent, first responder
    /// or author), so an agent of another hub does not exist for a hub-scoped user.
    /// </summary>
    public async Task<AgentProfile?> GetAsync(AgentRequest request, CancellationToken cancellationToken = default)
    {
        var agent = request.Agent.Trim();
        if (agent.Length == 0)
        {
            return null;
        }

        var asOf = metrics.ResolveAsOf(request.AsOfUtc);
        var from = asOf - request.Window.Duration();
        var token = ";" + agent + ";";
        string? tier;
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            var mine = db.ProcessedConversations.AsNoTracking().InHubs(request.AllowedHubs)
                .Where(x => x.PrimaryAgent == agent || x.FirstResponder == agent || (";" + x.AgentAuthors + ";").Contains(token));
            if (!await mine.AnyAsync(cancellationToken))
            {
                return null;
            }

            tier = await db.ProcessedConversations.AsNoTracking().InHubs(request.AllowedHubs)
                .Where(x => x.PrimaryAgent == agent)
                .OrderByDescending(x => x.ReferenceUtc)
                .Select(x => x.PrimaryAgentTier)
                .FirstOrDefaultAsync(cancellationToken);
        }

        var team = MetricsFilter.None with { AllowedHubs = request.AllowedHubs };
        var own = team with { Agent = agent };
        var kpis = await metrics.GetKpisAsync(asOf, own, cancellationToken);
        var teamKpis = await metrics.GetKpisAsync(asOf, team, cancellationToken);
        var trend = await metrics.GetTrendAsync(new MetricsRequest { Window = request.Window, AsOfUtc = asOf, Filter = own, TimeZoneId = request.TimeZoneId }, cancellationToken);
        var teamTrend = await metrics.GetTrendAsync(new MetricsRequest { Window = request.Window, AsOfUtc = asOf, Filter = team, TimeZoneId = request.TimeZoneId }, cancellationToken);

        await using var read = await contexts.CreateDbContextAsync(cancellationToken);
        var window = read.ProcessedConversations.AsNoTracking().InRange(from, asOf).InHubs(request.AllowedHubs);
        var primary = window.Where(x => x.PrimaryAgent == agent);
        var conversationTotal = await primary.CountAsync(cancellationToken);
        var conversations = await Newest(primary).Take(ConversationsShown).Select(ToItem).ToListAsync(cancellationToken);
        var escalations = await Newest(window.Where(x => (x.EscalatedTier1ToTier2 || x.HandedOverFromTier1)
                && (x.PrimaryAgent == agent || x.FirstResponder == agent || (";" + x.AgentAuthors + ";").Contains(token))))
            .Take(EscalationsShown).Select(ToItem).ToListAsync(cancellationToken);
        var flagged = await FlaggedAsync(read, window, agent, token, cancellationToken);
        var tips = await TipsAsync(primary, cancellationToken);
        var (review, hidden) = await ReviewAsync(agent, from, asOf, request.AllowedHubs, cancellationToken);

        return new AgentProfile
        {
            Agent = agent,
            Tier = tier,
            AsOfUtc = asOf,
            Window = request.Window,
            Kpis = kpis,
            TeamKpis = teamKpis,
            Trend = trend,
            TeamTrend = teamTrend,
            Conversations = conversations.Select(WithUtc).ToList(),
            ConversationTotal = conversationTotal,
            FlaggedMessages = flagged,
            Escalations = escalations.Select(WithUtc).ToList(),
            Tips = tips,
            Review = review,
            ReviewHiddenByHubScope = hidden,
        };
    }

    private static IQueryable<ProcessedConversation> Newest(IQueryable<ProcessedConversation> rows) =>
        rows.OrderByDescending(x => x.ReferenceUtc).ThenByDescending(x => x.IssueKey);

    private static readonly System.Linq.Expressions.Expression<Func<ProcessedConversation, AgentConversation>> ToItem = x => new AgentConversation(
        x.IssueKey, x.Status, x.Hub, x.ReferenceUtc, x.PrimaryAgent, x.FirstResponder, x.AgentScore, x.ConversationScore, x.Resolved,
        x.EscalatedTier1ToTier2, x.HandedOverFromTier1, x.AgentProfanityDetected, x.CustomerAbuseDetected);

    private static AgentConversation WithUtc(AgentConversation c) => c with { EndedUtc = PreparedConversationMapping.AsUtc(c.EndedUtc) };

    /// <summary>
    /// The agent's own profane replies, and customers' abusive messages in conversations the agent held, found again in
    /// the stored threads with the same word lists scoring used; the text shown is the redacted text.
    /// </summary>
    private async Task<IReadOnlyList<FlaggedMessage>> FlaggedAsync(JiraQualityDbContext db, IQueryable<ProcessedConversation> window, string agent, string token, CancellationToken cancellationToken)
    {
        var keys = await Newest(window.Where(x =>
                (x.AgentProfanityDetected && (";" + x.AgentAuthors + ";").Contains(token))
                || (x.CustomerAbuseDetected && x.PrimaryAgent == agent)))
            .Select(x => new { x.IssueKey, x.PrimaryAgent })
            .Take(FlaggedConversationsRead)
            .ToListAsync(cancellationToken);
        if (keys.Count == 0)
        {
            return [];
        }

        var wanted = keys.Select(k => k.IssueKey).ToList();
        var threads = await db.PreparedConversations.AsNoTracking().Where(p => wanted.Contains(p.IssueKey)).ToListAsync(cancellationToken);
        var byKey = threads.ToDictionary(t => t.IssueKey, StringComparer.Ordinal);
        var flagged = new List<FlaggedMessage>();
        foreach (var key in keys)
        {
            if (!byKey.TryGetValue(key.IssueKey, out var row))
            {
                continue;
            }

            var held = key.PrimaryAgent == agent;
            foreach (var message in row.ToConversation().Messages.Where(m => !m.IsInternal))
            {
                var author = !string.IsNullOrWhiteSpace(message.AuthorId) ? message.AuthorId : message.AuthorName;
                var (kind, hits) = message.Role switch
                {
                    Conversations.MessageRole.Agent when author == agent => (FlagKind.AgentProfanity, _agentProfanity.Count(message.Text)),
                    Conversations.MessageRole.Customer when held => (FlagKind.CustomerAbuse, _customerAbuse.Count(message.Text)),
                    _ => (FlagKind.AgentProfanity, 0),
                };
                if (hits > 0)
                {
                    flagged.Add(new FlaggedMessage(key.IssueKey, message.Index, kind, PreparedConversationMapping.AsUtc(message.TimestampUtc), hits,
                        PersonalDataRedaction.Redact(message).Text));
                }
            }
        }

        return flagged;
    }

    private static async Task<IReadOnlyList<TipTheme>> TipsAsync(IQueryable<ProcessedConversation> primary, CancellationToken cancellationToken)
    {
        var groups = await primary
            .Where(x => x.ImprovementTip != null && x.ImprovementTip.Trim() != "")
            .GroupBy(x => x.ImprovementTip!.Trim().ToLower())
            .Select(g => new { Text = g.Max(x => x.ImprovementTip!.Trim())!, Count = g.LongCount(), LastSeen = g.Max(x => x.ReferenceUtc) })
            .ToListAsync(cancellationToken);
        // Wordings that differ only in case, spacing or punctuation are one tip, as on the dashboard; a tip may quote the ticket.
        var tips = groups
            .GroupBy(g => TipText.Normalise(g.Text ?? ""))
            .Select(g => new TipGroup(
                PersonalDataRedaction.Text(g.OrderByDescending(x => x.Count).ThenBy(x => x.Text, StringComparer.Ordinal).First().Text) ?? "",
                g.Sum(x => x.Count),
                PreparedConversationMapping.AsUtc(g.Max(x => x.LastSeen))));
        return TipThemes.Group(tips);
    }

    private async Task<(QualityRow? Review, bool Hidden)> ReviewAsync(string agent, DateTime from, DateTime asOf, string? allowedHubs, CancellationToken cancellationToken)
    {
        if (reviews is null)
        {
            return (null, false);
        }

        var row = (await reviews.GetAsync(from, asOf, cancellationToken)).Agents.FirstOrDefault(a => a.Name == agent);
        if (row is null || row.Reviews == 0)
        {
            return (null, false);
        }

        // The quality query covers every hub; a hub-scoped user must not see figures made of other hubs' reviews.
        return allowedHubs is null ? (row, false) : (null, true);
    }
}
