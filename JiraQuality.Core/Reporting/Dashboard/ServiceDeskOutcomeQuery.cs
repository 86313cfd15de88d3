using JiraQuality.Core.Reporting.ConversationQueries;
using JiraQuality.Core.Storage;
using Microsoft.EntityFrameworkCore;

namespace JiraQuality.Core.Reporting.Dashboard;

/// <summary>
/// Jira Service Management CSAT and SLA of the conversations a view selects, read from the synced ticket fields
/// (<c>jsm_csat_rating</c>, <c>jsm_sla_&lt;name&gt;_breached</c>). A conversation with any breached SLA cycle counts
/// as breached; one without JSM fields is not measured.
/// </summary>
public sealed class ServiceDeskOutcomeQuery(IDbContextFactory<JiraQualityDbContext> contexts, MetricsQuery metrics)
{
    public const string CsatRatingField = Conversations.ServiceDeskFields.CsatRating;
    private const string ServiceDeskMarker = "\"jsm_";

    public async Task<ServiceDeskOutcomes> GetAsync(MetricsRequest request, CancellationToken cancellationToken = default)
    {
        var asOf = metrics.ResolveAsOf(request.AsOfUtc);
        var duration = request.Window.Duration();
        var from = asOf - duration;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var rows = await db.ProcessedConversations.AsNoTracking()
            .InRange(from - duration, asOf)
            .Filtered(request.Filter)
            .Join(db.PreparedConversations.AsNoTracking().Where(p => p.CustomFieldsJson.Contains(ServiceDeskMarker)), x => x.IssueKey, p => p.IssueKey,
                (x, p) => new { x.ReferenceUtc, x.AgentScore, x.ConversationScore, p.CustomFieldsJson })
            .ToListAsync(cancellationToken);

        var outcomes = rows.Select(r => (Current: r.ReferenceUtc >= from, r.AgentScore, r.ConversationScore, Outcome: Read(r.CustomFieldsJson))).ToList();
        ServiceDeskPeriod Period(bool current)
        {
            var period = outcomes.Where(o => o.Current == current).ToList();
            var rated = period.Where(o => o.Outcome.Rating is not null).ToList();
            var measured = period.Where(o => o.Outcome.SlaBreached is not null).ToList();
            return new ServiceDeskPeriod(
                rated.Count,
                rated.Count == 0 ? null : rated.Average(o => o.Outcome.Rating!.Value),
                measured.Count,
                measured.Count(o => o.Outcome.SlaBreached == true));
        }

        var buckets = Enumerable.Range(1, 5)
            .Select(stars =>
            {
                var rated = outcomes.Where(o => o.Current && o.Outcome.Rating == stars).ToList();
                var agent = rated.Where(o => o.AgentScore is not null).Select(o => o.AgentScore!.Value).ToList();
                var conversation = rated.Where(o => o.ConversationScore is not null).Select(o => o.ConversationScore!.Value).ToList();
                return new CsatBucket(stars, rated.Count, agent.Count == 0 ? null : agent.Average(), conversation.Count == 0 ? null : conversation.Average());
            })
            .ToList();
        return new ServiceDeskOutcomes(request.Window, Period(current: true), Period(current: false), buckets);
    }

    /// <summary>The CSAT stars (1–5) and whether any SLA cycle breached; null where the ticket has none.</summary>
    public static (int? Rating, bool? SlaBreached) Read(string customFieldsJson)
    {
        IReadOnlyDictionary<string, string> fields;
        try
        {
            fields = Conversations.ConversationJson.DeserializeCustomFields(customFieldsJson);
        }
        catch (System.Text.Json.JsonException)
        {
            return (null, null);
        }

        return Conversations.ServiceDeskFields.Read(fields);
    }
}
