using JiraQuality.Core.Conversations;
using JiraQuality.Core.Ingestion.Prepared;
using JiraQuality.Core.Reporting.Dashboard;
using JiraQuality.Core.Scoring.Processing;
using JiraQuality.Core.Storage;
using Microsoft.EntityFrameworkCore;

namespace JiraQuality.Core.Reporting.ConversationQueries;

/// <summary>Reads conversation lists and single conversations for the pages, the API and the exports.</summary>
public sealed class ConversationQuery(IDbContextFactory<JiraQualityDbContext> contexts, MetricsQuery metrics)
{
    public const int MaxPageSize = 500;

    public async Task<ConversationPage> GetPageAsync(ConversationListRequest request, CancellationToken cancellationToken = default)
    {
        var pageSize = Math.Clamp(request.PageSize, 1, MaxPageSize);
        var page = Math.Max(0, request.Page);
        await using var db = contexts.CreateDbContext();
        var rows = Select(db, request);
        var total = await rows.CountAsync(cancellationToken);
        var items = await Ordered(rows, request.Sort, request.Descending)
            .Skip(page * pageSize)
            .Take(pageSize)
            .Select(ToItem)
            .ToListAsync(cancellationToken);
        items = items.Select(WithUtc).ToList();
        if (Conversations.Search.TextSearch.Parse(request.Text, out _) is { } text && items.Count > 0)
        {
            items = await WithSnippetsAsync(db, items, text, cancellationToken);
        }

        return new ConversationPage(items, total, page, pageSize);
    }

    /// <summary>Every row of a list in its order, streamed for exports (never held in memory at once).</summary>
    internal async IAsyncEnumerable<ProcessedConversation> StreamAsync(
        ConversationListRequest request,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await using var db = contexts.CreateDbContext();
        await foreach (var row in Ordered(Select(db, request), request.Sort, request.Descending).AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            yield return row;
        }
    }

    public Task<ConversationDetail?> GetDetailAsync(string issueKey, CancellationToken cancellationToken = default) =>
        GetDetailAsync(issueKey, allowedHubs: null, cancellationToken);

    /// <summary>One ticket; null when it does not exist or lies outside <paramref name="allowedHubs"/> (null: every hub).</summary>
    public async Task<ConversationDetail?> GetDetailAsync(string issueKey, string? allowedHubs, CancellationToken cancellationToken = default)
    {
        await using var db = contexts.CreateDbContext();
        var processed = await db.ProcessedConversations.AsNoTracking().InHubs(allowedHubs).FirstOrDefaultAsync(x => x.IssueKey == issueKey, cancellationToken);
        if (processed is null)
        {
            return null;
        }

        var prepared = await db.PreparedConversations.AsNoTracking().FirstOrDefaultAsync(x => x.IssueKey == issueKey, cancellationToken);
        return new ConversationDetail(processed.ToDto(), prepared?.ToConversation(), ScoreExplanations.Parse(processed));
    }

    /// <summary>
    /// The tickets before and after one ticket in a list. Lists are ordered by a timestamp and the key, so the
    /// neighbours are found with keyset conditions rather than by loading the list.
    /// </summary>
    public async Task<ConversationNeighbours?> GetNeighboursAsync(string issueKey, ConversationListRequest request, CancellationToken cancellationToken = default)
    {
        await using var db = contexts.CreateDbContext();
        var rows = Select(db, request);
        var current = await rows.Where(x => x.IssueKey == issueKey)
            .Select(x => new { x.IssueKey, x.ReferenceUtc })
            .FirstOrDefaultAsync(cancellationToken);
        if (current is null)
        {
            return null;
        }

        var total = await rows.CountAsync(cancellationToken);
        var at = current.ReferenceUtc;
        var key = current.IssueKey;

        // List order: newest first, then issue key descending. Every listed row has a reference time (the window needs one).
        IQueryable<ProcessedConversation> Before() =>
            rows.Where(x => x.ReferenceUtc > at || (x.ReferenceUtc == at && string.Compare(x.IssueKey, key) > 0));
        IQueryable<ProcessedConversation> After() =>
            rows.Where(x => x.ReferenceUtc < at || (x.ReferenceUtc == at && string.Compare(x.IssueKey, key) < 0));

        var previous = await Before().OrderBy(x => x.ReferenceUtc).ThenBy(x => x.IssueKey)
            .Select(x => x.IssueKey).FirstOrDefaultAsync(cancellationToken);
        var next = await After().OrderByDescending(x => x.ReferenceUtc).ThenByDescending(x => x.IssueKey)
            .Select(x => x.IssueKey).FirstOrDefaultAsync(cancellationToken);
        var position = await Before().CountAsync(cancellationToken) + 1;
        return new ConversationNeighbours(previous, next, position, total);
    }

    /// <summary>
    /// The snippets of one page's rows, built from the redacted text every reader is shown (the index holds only that
    /// text, so the snippet shows what matched).
    /// </summary>
    private static async Task<List<ConversationListItem>> WithSnippetsAsync(
        JiraQualityDbContext db, List<ConversationListItem> items, Conversations.Search.TextSearch text, CancellationToken cancellationToken)
    {
        var keys = items.Select(i => i.IssueKey).ToList();
        var threads = await db.PreparedConversations.AsNoTracking()
            .Where(p => keys.Contains(p.IssueKey))
            .Select(p => new { p.IssueKey, p.ThreadJson })
            .ToDictionaryAsync(p => p.IssueKey, p => p.ThreadJson, cancellationToken);
        return items.Select(item => threads.TryGetValue(item.IssueKey, out var json)
                ? item with
                {
                    Snippet = Conversations.Search.SearchSnippets.Build(
                        ConversationJson.DeserializeMessages(json).Select(Identity.PersonalDataRedaction.Redact).ToList(), text),
                }
                : item)
            .ToList();
    }

    private IQueryable<ProcessedConversation> Select(JiraQualityDbContext db, ConversationListRequest request)
    {
        var rows = db.ProcessedConversations.AsNoTracking().AsQueryable();
        var asOf = metrics.ResolveAsOf(request.AsOfUtc);
        var from = request.FromUtc ?? asOf - request.Window.Duration();
        if (!string.IsNullOrWhiteSpace(request.Text))
        {
            // Text finds tickets whatever the window, as a whole key does: the analyst is looking for what was said.
            var text = Conversations.Search.TextSearch.Parse(request.Text, out _);
            if (text is null)
            {
                return rows.Where(_ => false);
            }

            var keys = Conversations.Search.ThreadTextIndex.MatchingKeys(db, text);
            rows = rows.Where(x => keys.Contains(x.IssueKey));
        }
        else if (request.Filter.Search is { } search && IssueKeySearch.IsKeyList(search))
        {
            // A ticket asked for by its key is found whatever the window (the analyst knows which ticket they want);
            // other keys the search is a part of stay limited to the window.
            var candidates = IssueKeySearch.Candidates(search);
            rows = rows.Where(x => candidates.Contains(x.IssueKey) || (x.ReferenceUtc >= from && x.ReferenceUtc <= asOf));
        }
        else
        {
            rows = rows.InRange(from, asOf);
        }

        return rows
            .Filtered(request.Filter)
            .Focused(request.Focus);
    }

    private static IQueryable<ProcessedConversation> Ordered(IQueryable<ProcessedConversation> rows, ConversationSort sort, bool descending)
    {
        // Rows without the sorted value go last either way; the issue key breaks ties so pages are stable.
        return (sort, descending) switch
        {
            (ConversationSort.IssueKey, true) => rows.OrderByDescending(x => x.IssueKey),
            (ConversationSort.IssueKey, false) => rows.OrderBy(x => x.IssueKey),
            (ConversationSort.Agent, true) => rows.OrderBy(x => x.PrimaryAgent == null).ThenByDescending(x => x.PrimaryAgent).ThenByDescending(x => x.IssueKey),
            (ConversationSort.Agent, false) => rows.OrderBy(x => x.PrimaryAgent == null).ThenBy(x => x.PrimaryAgent).ThenBy(x => x.IssueKey),
            (ConversationSort.ConversationScore, true) => rows.OrderBy(x => x.ConversationScore == null).ThenByDescending(x => x.ConversationScore).ThenByDescending(x => x.IssueKey),
            (ConversationSort.ConversationScore, false) => rows.OrderBy(x => x.ConversationScore == null).ThenBy(x => x.ConversationScore).ThenBy(x => x.IssueKey),
            (ConversationSort.AgentScore, true) => rows.OrderBy(x => x.AgentScore == null).ThenByDescending(x => x.AgentScore).ThenByDescending(x => x.IssueKey),
            (ConversationSort.AgentScore, false) => rows.OrderBy(x => x.AgentScore == null).ThenBy(x => x.AgentScore).ThenBy(x => x.IssueKey),
            (ConversationSort.CustomerScore, true) => rows.OrderBy(x => x.CustomerScore == null).ThenByDescending(x => x.CustomerScore).ThenByDescending(x => x.IssueKey),
            (ConversationSort.CustomerScore, false) => rows.OrderBy(x => x.CustomerScore == null).ThenBy(x => x.CustomerScore).ThenBy(x => x.IssueKey),
            (ConversationSort.FirstResponse, true) => rows.OrderBy(x => x.FirstAgentResponseMinutes == null).ThenByDescending(x => x.FirstAgentResponseMinutes).ThenByDescending(x => x.IssueKey),
            (ConversationSort.FirstResponse, false) => rows.OrderBy(x => x.FirstAgentResponseMinutes == null).ThenBy(x => x.FirstAgentResponseMinutes).ThenBy(x => x.IssueKey),
            (ConversationSort.Resolution, true) => rows.OrderBy(x => x.DurationToResolutionMinutes == null).ThenByDescending(x => x.DurationToResolutionMinutes).ThenByDescending(x => x.IssueKey),
            (ConversationSort.Resolution, false) => rows.OrderBy(x => x.DurationToResolutionMinutes == null).ThenBy(x => x.DurationToResolutionMinutes).ThenBy(x => x.IssueKey),
            (ConversationSort.Cost, true) => rows.OrderBy(x => x.CostUsd == null).ThenByDescending(x => x.CostUsd).ThenByDescending(x => x.IssueKey),
            (ConversationSort.Cost, false) => rows.OrderBy(x => x.CostUsd == null).ThenBy(x => x.CostUsd).ThenBy(x => x.IssueKey),
            (_, false) => rows.OrderBy(x => x.ReferenceUtc).ThenBy(x => x.IssueKey),
            _ => rows.OrderByDescending(x => x.ReferenceUtc).ThenByDescending(x => x.IssueKey),
        };
    }

    private static readonly System.Linq.Expressions.Expression<Func<ProcessedConversation, ConversationListItem>> ToItem = x => new ConversationListItem(
        x.IssueKey,
        x.Status,
        x.Hub,
        x.PrimaryAgent,
        x.PrimaryAgentTier,
        x.Reporter,
        x.ReferenceUtc,
        x.ConversationScore,
        x.AgentScore,
        x.CustomerScore,
        x.Resolved,
        x.FirstAgentResponseMinutes,
        x.DurationToResolutionMinutes,
        x.EscalatedTier1ToTier2,
        x.HandedOverFromTier1,
        x.ContactReason,
        x.ContactReasonOriginal,
        x.ContactReasonChanged,
        x.SentimentPrimary,
        x.CustomerAbuseDetected,
        x.AgentProfanityDetected,
        x.CostUsd);

    // Lists are never revealed: a customer named by an e-mail address or a phone number shows as its placeholder.
    private static ConversationListItem WithUtc(ConversationListItem item) => item with
    {
        EndedUtc = PreparedConversationMapping.AsUtc(item.EndedUtc),
        Customer = Identity.PersonalDataRedaction.Text(item.Customer),
    };
}
