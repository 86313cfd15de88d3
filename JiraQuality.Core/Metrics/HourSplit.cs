using System.Linq.Expressions;
using JiraQuality.Core.Storage;
using Microsoft.EntityFrameworkCore;

namespace JiraQuality.Core.Metrics;

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

    /// <summary>The rollup rows of whole hours only, read and then cleared of inner edge hours.</summary>
    public async Task<List<MetricsHourlyRollup>> WholeHoursAsync(JiraQualityDbContext db, string dimension, CancellationToken cancellationToken)
    {
        var rows = await RollupRows(db, dimension).ToListAsync(cancellationToken);
        rows.RemoveAll(r => !IsRollupHour(r.HourUtc));
        foreach (var r in rows)
        {
            r.HourUtc = DateTime.SpecifyKind(r.HourUtc, DateTimeKind.Utc);
        }

        return rows;
    }
}
