using System.Text.Json;
using JiraQuality.Core.Conversations;
using JiraQuality.Core.Ingestion.Prepared;
using JiraQuality.Core.Reporting.Dashboard;
using JiraQuality.Core.Scoring.Processing;
using JiraQuality.Core.Scoring.Scorers;
using JiraQuality.Core.Storage;
using Microsoft.EntityFrameworkCore;

namespace JiraQuality.Core.Reporting.ConversationQueries;

/// <summary>Which conversations a list shows: a window ending at an instant, filters and a KPI focus.</summary>
public sealed record ConversationListRequest
{
    public MetricsWindow Window { get; init; } = MetricsWindows.Default;
    public DateTime? AsOfUtc { get; init; }

    /// <summary>When set, the list starts here (an import's period) instead of one window before the as-of instant.</summary>
    public DateTime? FromUtc { get; init; }

    public MetricsFilter Filter { get; init; } = MetricsFilter.None;

    /// <summary>
    /// Full-text search over the redacted thread text (<see cref="Conversations.Search.TextSearch"/>); like a whole issue key it finds
    /// tickets whatever the window, and every other filter still applies. A text with no word matches nothing.
    /// </summary>
    public string? Text { get; init; }

    public ConversationFocus Focus { get; init; } = ConversationFocus.All;
    public ConversationSort Sort { get; init; } = ConversationSort.Ended;
    public bool Descending { get; init; } = true;
    public int Page { get; init; }
    public int PageSize { get; init; } = 25;
}

public enum ConversationSort
{
    Ended,
    IssueKey,
    Agent,
    ConversationScore,
    AgentScore,
    CustomerScore,
    FirstResponse,
    Resolution,
    Cost,
}

/// <summary>One row of the conversation list.</summary>
public sealed record ConversationListItem(
    string IssueKey,
    string Status,
    string? Hub,
    string? Agent,
    string? AgentTier,
    string? Customer,
    DateTime? EndedUtc,
    double? ConversationScore,
    double? AgentScore,
    double? CustomerScore,
    bool? Resolved,
    double? FirstResponseMinutes,
    double? ResolutionMinutes,
    bool EscalatedTier1ToTier2,
    bool HandedOverFromTier1,
    string? ContactReason,
    string? ContactReasonOriginal,
    bool? ContactReasonChanged,
    string? Sentiment,
    bool CustomerAbuse,
    bool AgentProfanity,
    double? CostUsd)
{
    /// <summary>With a text search: where the redacted thread matched, with the matched words marked.</summary>
    public Conversations.Search.SearchSnippet? Snippet { get; init; }
}

public sealed record ConversationPage(IReadOnlyList<ConversationListItem> Items, int Total, int Page, int PageSize);

/// <summary>A score with the scorer's reason and the messages (1-based) it cites.</summary>
public sealed record ScoreExplanation(string Name, double? Score, string? Reason, IReadOnlyList<int> Evidence);

/// <summary>The neighbours of a ticket in a list's order.</summary>
public sealed record ConversationNeighbours(string? Previous, string? Next, int Position, int Total);

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

/// <summary>Reads the scorer's per-score reasons and cited message numbers, tolerating the shapes scorers write.</summary>
public static class ScoreExplanations
{
    private static readonly string[] ReasonNames = ["reason", "why", "explanation", "rationale", "justification"];
    private static readonly string[] EvidenceNames = ["evidence", "messages", "citedMessages", "cited_messages", "messageIndexes", "message_indexes", "evidenceMessages", "evidence_messages"];
    private static readonly string[] NameNames = ["name", "score", "kind", "metric"];

    public static IReadOnlyList<ScoreExplanation> Parse(ProcessedConversation row)
    {
        var scores = new Dictionary<string, double?>(StringComparer.OrdinalIgnoreCase)
        {
            ["conversation"] = row.ConversationRating,
            ["agent"] = row.AgentScore,
            ["customer"] = row.CustomerScore,
        };
        var parsed = new List<ScoreExplanation>();
        if (!string.IsNullOrWhiteSpace(row.ScoreReasonsJson))
        {
            try
            {
                using var document = JsonDocument.Parse(row.ScoreReasonsJson);
                if (document.RootElement.ValueKind == JsonValueKind.Object)
                {
                    // The stored details (AssessmentDetails) keep the reasons under "reasons", beside the language
                    // judgement, highlights and versions, which are not scores; a bare object of reasons is read as well.
                    var reasons = TryGetProperty(document.RootElement, "reasons", out var nested) && nested.ValueKind == JsonValueKind.Object
                        ? nested
                        : document.RootElement;
                    foreach (var property in reasons.EnumerateObject())
                    {
                        var name = NameOf(property.Name);
                        if (scores.ContainsKey(name) && !parsed.Any(p => p.Name == name))
                        {
                            parsed.Add(Read(name, property.Value, scores));
                        }
                    }
                }
                else if (document.RootElement.ValueKind == JsonValueKind.Array)
                {
                    foreach (var element in document.RootElement.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.Object))
                    {
                        var name = NameOf(NameNames.Select(n => element.TryGetProperty(n, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null)
                            .FirstOrDefault(n => n is not null) ?? "score");
                        if (scores.ContainsKey(name) && !parsed.Any(p => p.Name == name))
                        {
                            parsed.Add(Read(name, element, scores));
                        }
                    }
                }
            }
            catch (JsonException)
            {
                // A malformed explanation must not hide the scores themselves.
            }
        }

        foreach (var (name, score) in scores)
        {
            if (score is not null && !parsed.Any(p => p.Name.Equals(name, StringComparison.OrdinalIgnoreCase)))
            {
                parsed.Add(new ScoreExplanation(name, score, null, []));
            }
        }

        return parsed.OrderBy(p => Order(p.Name)).ToList();
    }

    /// <summary>
    /// The score a reason belongs to: the LLM writes <c>conversation_rating</c>, <c>agent_score</c> and
    /// <c>customer_score</c>, the heuristic <c>rating</c> and <c>agent</c>.
    /// </summary>
    private static string NameOf(string raw)
    {
        var name = raw.Replace("_score", "", StringComparison.OrdinalIgnoreCase).Replace("Score", "", StringComparison.Ordinal)
            .Replace("_rating", "", StringComparison.OrdinalIgnoreCase).Replace("Rating", "", StringComparison.Ordinal).Trim().ToLowerInvariant();
        return name is "rating" or "" ? (raw.Contains("rating", StringComparison.OrdinalIgnoreCase) ? "conversation" : raw.ToLowerInvariant()) : name;
    }

    private static bool TryGetProperty(JsonElement element, string name, out JsonElement value)
    {
        foreach (var property in element.EnumerateObject())
        {
            if (property.Name.Equals(name, StringComparison.OrdinalIgnoreCase))
            {
                value = property.Value;
                return true;
            }
        }

        value = default;
        return false;
    }

    private static int Order(string name) => name switch
    {
        "conversation" => 0,
        "agent" => 1,
        "customer" => 2,
        _ => 3,
    };

    private static ScoreExplanation Read(string name, JsonElement value, Dictionary<string, double?> scores)
    {
        scores.TryGetValue(name, out var score);
        if (value.ValueKind == JsonValueKind.String)
        {
            return new ScoreExplanation(name, score, value.GetString(), []);
        }

        if (value.ValueKind != JsonValueKind.Object)
        {
            return new ScoreExplanation(name, score, null, []);
        }

        string? reason = null;
        foreach (var candidate in ReasonNames)
        {
            if (value.TryGetProperty(candidate, out var r) && r.ValueKind == JsonValueKind.String)
            {
                reason = r.GetString();
                break;
            }
        }

        if (score is null && value.TryGetProperty("value", out var v) && v.ValueKind == JsonValueKind.Number)
        {
            score = v.GetDouble();
        }

        var evidence = new List<int>();
        foreach (var candidate in EvidenceNames)
        {
            if (value.TryGetProperty(candidate, out var e) && e.ValueKind == JsonValueKind.Array)
            {
                foreach (var item in e.EnumerateArray())
                {
                    if (item.ValueKind == JsonValueKind.Number && item.TryGetInt32(out var index))
                    {
                        evidence.Add(index);
                    }
                    else if (item.ValueKind == JsonValueKind.Object && item.TryGetProperty("index", out var i) && i.TryGetInt32(out var nested))
                    {
                        evidence.Add(nested);
                    }
                }

                break;
            }
        }

        return new ScoreExplanation(name, score, reason, evidence.Distinct().Order().ToList());
    }
}
