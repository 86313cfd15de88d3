using System.Linq.Expressions;
using JiraQuality.Core.Reporting.ConversationQueries;
using JiraQuality.Core.Reporting.Rollup;
using JiraQuality.Core.Scoring.Processing;
using JiraQuality.Core.Storage;
using Microsoft.EntityFrameworkCore;

namespace JiraQuality.Core.Reporting.Dashboard;

/// <summary>
/// Cuts a range [from, to] into whole UTC hours, summed from <see cref="MetricsHourlyRollup"/>, and the partial hours
/// at its ends and at each inner cut (a segment or period boundary), read from the rows. Every whole hour then lies
/// inside one segment, so the two parts add up to exactly what the rows alone give.
/// </summary>
internal sealed class HourSplit
{
    private readonly DateTime _fromUtc;
    private readonly DateTime _toUtc;
    private readonly HashSet<long> _edgeHourTicks;

    public HourSplit(DateTime fromUtc, DateTime toUtc, params DateTime[] cuts)
    {
        _fromUtc = fromUtc;
        _toUtc = toUtc;
        FirstEdgeHour = MetricsRollupMaintenance.HourOf(fromUtc);
        LastEdgeHour = MetricsRollupMaintenance.HourOf(toUtc);
        EdgeHours = cuts.Append(fromUtc).Append(toUtc).Select(MetricsRollupMaintenance.HourOf).Distinct().Order().ToArray();
        _edgeHourTicks = EdgeHours.Select(h => h.Ticks).ToHashSet();
    }

    /// <summary>Hours read from the rows; whole hours strictly between the first and the last are read from the rollup.</summary>
    public IReadOnlyList<DateTime> EdgeHours { get; }

    public DateTime FirstEdgeHour { get; }

    public DateTime LastEdgeHour { get; }

    public bool IsRollupHour(DateTime hourUtc) =>
        hourUtc > FirstEdgeHour && hourUtc < LastEdgeHour && !_edgeHourTicks.Contains(hourUtc.Ticks);

    /// <summary>Rows of the range that fall in an edge hour (each an index range on the reference time).</summary>
    public IQueryable<ProcessedConversation> EdgeRows(IQueryable<ProcessedConversation> rows)
    {
        var row = Expression.Parameter(typeof(ProcessedConversation), "x");
        var reference = Expression.Property(row, nameof(ProcessedConversation.ReferenceUtc));
        Expression? any = null;
        foreach (var hour in EdgeHours)
        {
            var inHour = Expression.AndAlso(
                Expression.GreaterThanOrEqual(reference, Expression.Constant((DateTime?)hour, typeof(DateTime?))),
                Expression.LessThan(reference, Expression.Constant((DateTime?)hour.AddHours(1), typeof(DateTime?))));
            any = any is null ? inHour : Expression.OrElse(any, inHour);
        }

        return rows.InRange(_fromUtc, _toUtc).Where(Expression.Lambda<Func<ProcessedConversation, bool>>(any!, row));
    }

    /// <summary>Rollup rows of one dimension for the hours strictly between the first and last edge hour (inner edges still included).</summary>
    public IQueryable<MetricsHourlyRollup> RollupRows(JiraQualityDbContext db, string dimension)
    {
        var first = FirstEdgeHour;
        var last = LastEdgeHour;
        return db.MetricsHourlyRollups.AsNoTracking().Where(r => r.Dimension == dimension && r.HourUtc > first && r.HourUtc < last);
    }

    /// <summary>The rollup rows of whole hours only (of one slice, when given), read and then cleared of inner edge hours.</summary>
    public async Task<List<MetricsHourlyRollup>> WholeHoursAsync(JiraQualityDbContext db, string dimension, CancellationToken cancellationToken, RollupSlice? slice = null)
    {
        var query = RollupRows(db, slice?.Dimension ?? dimension);
        if (slice is not null)
        {
            var (first, second) = (slice.Values[0], slice.Values[^1]);
            query = query.Where(r => r.Value == first || r.Value == second);
        }

        var rows = await query.ToListAsync(cancellationToken);
        rows.RemoveAll(r => !IsRollupHour(r.HourUtc));
        foreach (var r in rows)
        {
            r.HourUtc = DateTime.SpecifyKind(r.HourUtc, DateTimeKind.Utc);
        }

        return rows;
    }
}

/// <summary>
/// The rollup rows that hold exactly the conversations of a one-attribute filter: the dimension and its one or two
/// values (a blank value and the label it is shown as, for the unassigned hub and neutral sentiment).
/// </summary>
internal sealed record RollupSlice(string Dimension, IReadOnlyList<string> Values)
{
    public static RollupSlice All { get; } = new(MetricsHourlyRollup.Overall, [""]);

    /// <summary>
    /// The slice a filter selects, or null when the filter needs the rows (search, resolved, reason, CSAT, SLA breached,
    /// or two attributes). The rollup keeps no CSAT or SLA dimension: few tickets carry them, so their rows are read.
    /// </summary>
    public static RollupSlice? For(MetricsFilter filter)
    {
        if (filter.IsEmpty)
        {
            return All;
        }

        string?[] set = [filter.Agent, filter.Tier, filter.Hub, filter.Status, filter.Sentiment];
        if (filter.Search is not null || filter.Resolved is not null || filter.ContactReason is not null || filter.AllowedHubs is not null
            || filter.Csat is not null || filter.SlaBreached is not null
            || set.Count(v => v is not null) != 1 || set.Any(v => v is not null && string.IsNullOrWhiteSpace(v)))
        {
            return null;
        }

        return filter switch
        {
            { Agent: { } agent } => new(MetricsHourlyRollup.AgentDimension, [agent]),
            { Tier: { } tier } => new(MetricsHourlyRollup.TierDimension, [tier]),
            { Hub: MetricsFilter.UnassignedHub } => new(MetricsHourlyRollup.HubDimension, ["", MetricsFilter.UnassignedHub]),
            { Hub: { } hub } => new(MetricsHourlyRollup.HubDimension, [hub]),
            { Status: { } status } => new(MetricsHourlyRollup.StatusDimension, [status]),
            { Sentiment: MetricsFilter.NeutralSentiment } => new(MetricsHourlyRollup.SentimentDimension, ["", MetricsFilter.NeutralSentiment]),
            { Sentiment: { } sentiment } => new(MetricsHourlyRollup.SentimentDimension, [sentiment]),
            _ => null,
        };
    }
}
