using System.Text;
using JiraQuality.Core.Ingestion.Prepared;
using JiraQuality.Core.Reporting.ConversationQueries;
using JiraQuality.Core.Reporting.Rollup;
using JiraQuality.Core.Scoring.Processing;
using JiraQuality.Core.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace JiraQuality.Core.Reporting.Dashboard;

/// <summary>
/// Computes one dashboard view in the database: KPIs of the three windows and their previous periods,
/// trend buckets, and the panel lists. Each aggregate is one GROUP BY over an index range; the queries run
/// side by side on their own contexts.
/// </summary>
public sealed class MetricsQuery(IDbContextFactory<JiraQualityDbContext> contexts, TimeProvider time, IOptions<MetricsOptions> options)
{
    private static readonly TimeSpan FilterOptionsLifetime = TimeSpan.FromSeconds(60);
    private const int IssueKeysPerAbusiveCustomer = 10;

    private readonly MetricsOptions _options = options.Value;
    private const string EveryHubKey = "every-hub";
    private readonly Lock _filterOptionsGate = new();
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, CachedFilterOptions> _filterOptions = new(StringComparer.Ordinal);
    private long _filterOptionsGeneration;

    /// <summary>The as-of instant a request stands for (now when it names none), in UTC.</summary>
    public DateTime ResolveAsOf(DateTime? asOfUtc) =>
        asOfUtc is { } value ? DateTime.SpecifyKind(value.ToUniversalTime(), DateTimeKind.Utc) : time.GetUtcNow().UtcDateTime;

    public async Task<MetricsSnapshot> GetSnapshotAsync(MetricsRequest request, CancellationToken cancellationToken = default)
    {
        var asOf = ResolveAsOf(request.AsOfUtc);
        var zone = TrendBuckets.ResolveZone(request.TimeZoneId ?? _options.DefaultTimeZone);
        var window = request.Window;
        var duration = window.Duration();
        var from = asOf - duration;
        var filter = request.Filter;

        var plan = await PlanAsync(cancellationToken);
        var rollup = UsesRollup(filter);
        var slice = SliceFor(filter);
        var segments = Run(db => SegmentsAsync(db, plan, slice, asOf, filter, cancellationToken));
        var buckets = TrendBuckets.Create(from, asOf, window.UsesHourlyBuckets(), zone);
        var hourlyRollup = rollup && !buckets.NeedsQuarterHours;
        var trend = Run(db => TrendAsync(db, plan, buckets.NeedsQuarterHours ? null : slice, buckets, zone.Id, window.UsesHourlyBuckets(), from, asOf, filter, cancellationToken));
        var sentiment = Run(db => SentimentAsync(db, plan, hourlyRollup, buckets, from, asOf, filter, cancellationToken));
        var agents = Run(db => AgentsAsync(db, plan, rollup, from, asOf, filter, cancellationToken));
        var customers = Run(db => AbusiveCustomersAsync(db, plan, from, asOf, filter, cancellationToken));
        var reasons = Run(db => ContactReasonsAsync(db, plan, rollup, from, asOf, duration, filter, cancellationToken));
        var tips = Run(db => TipsAsync(db, plan, asOf, filter, cancellationToken));
        await Task.WhenAll(segments, trend, sentiment, agents, customers, reasons, tips);

        var agentRows = await agents;
        var latestData = plan.Last;
        return new MetricsSnapshot
        {
            AsOfUtc = asOf,
            Window = window,
            Filter = filter,
            TimeZoneId = zone.Id,
            LatestDataUtc = latestData,
            NoDataInLast30Days = latestData is null || latestData < asOf - TimeSpan.FromDays(30),
            Windows = await segments,
            Trend = await trend,
            Sentiment = await sentiment,
            Agents = agentRows,
            TopAgents = RankTopAgents(agentRows),
            FlaggedAgents = FlagAgents(agentRows),
            AbusiveCustomers = await customers,
            ContactReasons = await reasons,
            Tips = await tips,
        };
    }

    /// <summary>Only the KPIs (for callers that need no panels).</summary>
    public async Task<IReadOnlyList<WindowKpis>> GetKpisAsync(DateTime? asOfUtc, MetricsFilter filter, CancellationToken cancellationToken = default)
    {
        var asOf = ResolveAsOf(asOfUtc);
        var plan = await PlanAsync(cancellationToken);
        await using var db = contexts.CreateDbContext();
        await using var snapshot = await BeginSnapshotReadAsync(db, cancellationToken);
        return await SegmentsAsync(db, plan, SliceFor(filter), asOf, filter, cancellationToken);
    }

    /// <summary>Only the trend of one view, the same series the dashboard charts (for pages that need no panels).</summary>
    public async Task<TrendSeries> GetTrendAsync(MetricsRequest request, CancellationToken cancellationToken = default)
    {
        var asOf = ResolveAsOf(request.AsOfUtc);
        var zone = TrendBuckets.ResolveZone(request.TimeZoneId ?? _options.DefaultTimeZone);
        var hourly = request.Window.UsesHourlyBuckets();
        var from = asOf - request.Window.Duration();
        var plan = await PlanAsync(cancellationToken);
        var buckets = TrendBuckets.Create(from, asOf, hourly, zone);
        await using var db = contexts.CreateDbContext();
        return await TrendAsync(db, plan, buckets.NeedsQuarterHours ? null : SliceFor(request.Filter), buckets, zone.Id, hourly, from, asOf, request.Filter, cancellationToken);
    }

    /// <summary>Only the agent matrix of one view (every agent's figures as primary agent), as the dashboard shows it.</summary>
    public async Task<IReadOnlyList<AgentPerformance>> GetAgentsAsync(MetricsRequest request, CancellationToken cancellationToken = default)
    {
        var asOf = ResolveAsOf(request.AsOfUtc);
        var plan = await PlanAsync(cancellationToken);
        await using var db = contexts.CreateDbContext();
        return await AgentsAsync(db, plan, UsesRollup(request.Filter), asOf - request.Window.Duration(), asOf, request.Filter, cancellationToken);
    }

    /// <summary>
    /// Whole hours come from the hourly rollup when it holds what the view needs: it is enabled and the filter is empty
    /// (the rollup has no per-filter totals; any filter reads the rows).
    /// </summary>
    private bool UsesRollup(MetricsFilter filter) => _options.UseHourlyRollup && filter.IsEmpty;

    /// <summary>
    /// The KPIs and the trend, which need no second grouping, also come from the rollup under a one-attribute filter
    /// on a rolled-up dimension (agent, tier, hub, status, sentiment).
    /// </summary>
    private RollupSlice? SliceFor(MetricsFilter filter) => _options.UseHourlyRollup ? RollupSlice.For(filter) : null;

    public async Task<DateTime?> GetLatestDataAsync(CancellationToken cancellationToken = default)
    {
        await using var db = contexts.CreateDbContext();
        return await LatestDataAsync(db, cancellationToken);
    }

    /// <summary>
    /// Filter choices from the 60 days before the as-of instant (the widest window and its previous period).
    /// They change slowly, so they are kept for a minute per as-of hour instead of being read on every view.
    /// </summary>
    public Task<MetricsFilterOptions> GetFilterOptionsAsync(DateTime? asOfUtc, CancellationToken cancellationToken = default) =>
        GetFilterOptionsForAsync(asOfUtc, null, cancellationToken);

    /// <summary>
    /// The filter choices as one user may see them: every drop-down (agents, tiers, hubs, statuses, reasons, sentiments)
    /// holds only values of conversations in <paramref name="allowedHubs"/> (<see cref="Identity.HubScope"/>; null: every
    /// hub), so a scoped user never learns other hubs' names, agents or reasons. Kept per scope like the shared choices.
    /// </summary>
    public async Task<MetricsFilterOptions> GetFilterOptionsForAsync(DateTime? asOfUtc, string? allowedHubs, CancellationToken cancellationToken = default)
    {
        var asOf = ResolveAsOf(asOfUtc);
        var hour = new DateTime(asOf.Ticks - (asOf.Ticks % TimeSpan.TicksPerHour), DateTimeKind.Utc);
        var key = allowedHubs is null ? EveryHubKey : "hubs:" + allowedHubs;
        // One immutable entry per scope, swapped whole, so concurrent circuits never see a half-written entry.
        if (_filterOptions.TryGetValue(key, out var cached) && cached.Hour == hour && time.GetUtcNow() - cached.ReadAt < FilterOptionsLifetime)
        {
            return cached.Options;
        }

        // A read that began before data changed must not put its stale answer back after the cache was dropped.
        var generation = Volatile.Read(ref _filterOptionsGeneration);
        var options = await ReadFilterOptionsAsync(asOf, allowedHubs, cancellationToken);
        if (allowedHubs is not null)
        {
            // The rows of the unassigned hub are read under that label; nothing outside the scope may slip through.
            options = options with { Hubs = options.Hubs.Where(hub => Identity.HubScope.Allows(allowedHubs, hub)).ToList() };
        }

        var entry = new CachedFilterOptions(hour, time.GetUtcNow(), options);
        lock (_filterOptionsGate)
        {
            if (generation == _filterOptionsGeneration)
            {
                _filterOptions[key] = entry;
            }
        }

        return options;
    }

    /// <summary>Drops the cached filter choices, so new hubs and agents show after an import or a sync.</summary>
    public void ForgetFilterOptions()
    {
        lock (_filterOptionsGate)
        {
            _filterOptionsGeneration++;
            _filterOptions.Clear();
        }
    }

    private sealed record CachedFilterOptions(DateTime Hour, DateTimeOffset ReadAt, MetricsFilterOptions Options);

    private async Task<MetricsFilterOptions> ReadFilterOptionsAsync(DateTime asOf, string? allowedHubs, CancellationToken cancellationToken)
    {
        var plan = await PlanAsync(cancellationToken);
        var from = asOf - TimeSpan.FromDays(60);
        var split = new HourSplit(from, asOf);
        // The rollup has no per-hub values of the other dimensions, so a scoped user's choices come from the rows.
        var rollup = _options.UseHourlyRollup && allowedHubs is null;
        IQueryable<ProcessedConversation> Rows(JiraQualityDbContext db) =>
            rollup ? split.EdgeRows(db.ProcessedConversations.AsNoTracking()) : plan.Rows(db, from, asOf).InHubs(allowedHubs);

        // The rows give the values of the partial hours at both ends, the rollup those of every whole hour between.
        Task<List<string?>> Values(string dimension, Func<IQueryable<ProcessedConversation>, IQueryable<string?>> select) => Run(async db =>
        {
            var values = await select(Rows(db)).Distinct().ToListAsync(cancellationToken);
            if (rollup)
            {
                values.AddRange(await split.RollupRows(db, dimension).Select(r => (string?)r.Value).Distinct().ToListAsync(cancellationToken));
            }

            return values;
        });

        var agents = Values(MetricsHourlyRollup.AgentDimension, rows => rows.Where(x => x.PrimaryAgent != null && x.PrimaryAgent != "").Select(x => x.PrimaryAgent));
        var tiers = Values(MetricsHourlyRollup.TierDimension, rows => rows.Where(x => x.PrimaryAgentTier != null && x.PrimaryAgentTier != "").Select(x => x.PrimaryAgentTier));
        var hubs = Values(MetricsHourlyRollup.HubDimension, rows => rows.Select(x => x.Hub));
        var statuses = Values(MetricsHourlyRollup.StatusDimension, rows => rows.Where(x => x.Status != "").Select(x => (string?)x.Status));
        var reasons = Values(MetricsHourlyRollup.ReasonChoiceDimension, rows => rows.Select(x => x.ContactReason ?? x.ContactReasonOriginal));
        var sentiments = Values(MetricsHourlyRollup.SentimentDimension, rows => rows.Select(x => x.SentimentPrimary));
        await Task.WhenAll(agents, tiers, hubs, statuses, reasons, sentiments);
        var sentimentValues = await sentiments;

        static List<string> Sorted(IEnumerable<string> values) =>
            values.Distinct(StringComparer.Ordinal).OrderBy(v => v, StringComparer.OrdinalIgnoreCase).ToList();

        return new MetricsFilterOptions(
            Sorted((await agents).Select(a => a!)),
            Sorted((await tiers).Select(t => t!)),
            Sorted((await hubs).Select(h => string.IsNullOrWhiteSpace(h) ? MetricsFilter.UnassignedHub : h)),
            Sorted((await statuses).Select(s => s!)),
            Sorted((await reasons).Select(r => string.IsNullOrWhiteSpace(r) ? MetricsFilter.UnspecifiedReason : r!)),
            SentimentPanel.Labels.Where(label => sentimentValues.Any(s => s == label || (label == MetricsFilter.NeutralSentiment && string.IsNullOrEmpty(s))))
                .Concat(Sorted(sentimentValues.Where(s => !string.IsNullOrEmpty(s) && !SentimentPanel.Labels.Contains(s)).Select(s => s!)))
                .ToList());
    }

    /// <summary>
    /// Decides per range whether to read through the timestamp index or by a table scan (SQLite only; PostgreSQL's
    /// planner has statistics and decides itself). The share of data a range holds is estimated from the first and
    /// last timestamps, which two index look-ups give.
    /// </summary>
    private sealed record RangePlanner(bool IsSqlite, DateTime? First, DateTime? Last)
    {
        private const double ScanShare = 0.2;

        public IQueryable<ProcessedConversation> Rows(JiraQualityDbContext db, DateTime fromUtc, DateTime toUtc)
        {
            var rows = db.ProcessedConversations.AsNoTracking();
            return UseScan(fromUtc, toUtc) ? rows.InRangeByScan(fromUtc, toUtc) : rows.InRange(fromUtc, toUtc);
        }

        private bool UseScan(DateTime fromUtc, DateTime toUtc)
        {
            if (!IsSqlite || First is not { } first || Last is not { } last || last <= first)
            {
                return false;
            }

            var covered = (Min(toUtc, last) - Max(fromUtc, first)).TotalSeconds;
            return covered / (last - first).TotalSeconds >= ScanShare;
        }

        private static DateTime Min(DateTime a, DateTime b) => a < b ? a : b;

        private static DateTime Max(DateTime a, DateTime b) => a > b ? a : b;
    }

    private async Task<RangePlanner> PlanAsync(CancellationToken cancellationToken)
    {
        await using var db = contexts.CreateDbContext();
        var rows = db.ProcessedConversations.AsNoTracking();
        var first = await rows.MinAsync(x => x.ReferenceUtc, cancellationToken);
        var last = await rows.MaxAsync(x => x.ReferenceUtc, cancellationToken);
        return new RangePlanner(db.Database.IsSqlite(), PreparedConversationMapping.AsUtc(first), PreparedConversationMapping.AsUtc(last));
    }

    private static DateTime ParseSqliteHour(string text) =>
        DateTime.SpecifyKind(DateTime.ParseExact(text.Replace('T', ' '), "yyyy-MM-dd HH", System.Globalization.CultureInfo.InvariantCulture), DateTimeKind.Utc);

    private async Task<T> Run<T>(Func<JiraQualityDbContext, Task<T>> query)
    {
        await using var db = contexts.CreateDbContext();
        await using var snapshot = await BeginSnapshotReadAsync(db, CancellationToken.None);
        return await query(db);
    }

    /// <summary>
    /// A figure adds the rows of its edge hours to the rollup of its whole hours, read by two statements. While a job
    /// commits batches between them, separate statements would add rows of one moment to totals of another: a count
    /// that never existed and that no list shows. One read-only snapshot for both (REPEATABLE READ on PostgreSQL, a
    /// deferred read transaction on SQLite, which takes no lock a writer waits for) makes every figure exact for one
    /// moment, as the list's count is.
    /// </summary>
    internal static async Task<IAsyncDisposable> BeginSnapshotReadAsync(JiraQualityDbContext db, CancellationToken cancellationToken)
    {
        if (db.Database.IsNpgsql())
        {
            var transaction = await db.Database.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, cancellationToken);
            await db.Database.ExecuteSqlRawAsync("SET TRANSACTION READ ONLY", cancellationToken);
            return transaction;
        }

        await db.Database.OpenConnectionAsync(cancellationToken);
        var connection = (Microsoft.Data.Sqlite.SqliteConnection)db.Database.GetDbConnection();
        var read = connection.BeginTransaction(deferred: true);
        await db.Database.UseTransactionAsync(read, cancellationToken);
        return read;
    }

    private static async Task<DateTime?> LatestDataAsync(JiraQualityDbContext db, CancellationToken cancellationToken)
    {
        var latest = await db.ProcessedConversations.AsNoTracking().MaxAsync(x => x.ReferenceUtc, cancellationToken);
        return PreparedConversationMapping.AsUtc(latest);
    }

    /// <summary>
    /// The 60 days before the as-of instant cut into six disjoint segments at 24 h, 48 h, 7 d, 14 d and 30 d;
    /// each window and its previous period is a sum of whole segments, so one GROUP BY serves all six periods.
    /// </summary>
    private static async Task<IReadOnlyList<WindowKpis>> SegmentsAsync(JiraQualityDbContext db, RangePlanner plan, RollupSlice? slice, DateTime asOf, MetricsFilter filter, CancellationToken cancellationToken)
    {
        var b0 = asOf - TimeSpan.FromHours(24);
        var b1 = asOf - TimeSpan.FromHours(48);
        var b2 = asOf - TimeSpan.FromDays(7);
        var b3 = asOf - TimeSpan.FromDays(14);
        var b4 = asOf - TimeSpan.FromDays(30);
        var b5 = asOf - TimeSpan.FromDays(60);
        var split = new HourSplit(b5, asOf, b0, b1, b2, b3, b4);
        var rows = slice is not null ? split.EdgeRows(db.ProcessedConversations.AsNoTracking()) : plan.Rows(db, b5, asOf);
        var totals = await rows
            .Filtered(filter)
            .GroupBy(x => x.ReferenceUtc >= b0 ? 0
                : x.ReferenceUtc >= b1 ? 1
                : x.ReferenceUtc >= b2 ? 2
                : x.ReferenceUtc >= b3 ? 3
                : x.ReferenceUtc >= b4 ? 4
                : 5)
            .Aggregate()
            .ToListAsync(cancellationToken);
        if (slice is not null)
        {
            int Segment(DateTime hour) => hour >= b0 ? 0 : hour >= b1 ? 1 : hour >= b2 ? 2 : hour >= b3 ? 3 : hour >= b4 ? 4 : 5;
            totals.AddRange((await split.WholeHoursAsync(db, MetricsHourlyRollup.Overall, cancellationToken, slice)).Select(h => h.ToTotals(Segment(h.HourUtc))));
        }

        // People are counted once per period, so the distinct (segment, person) pairs are read, not sums.
        var people = await plan.Rows(db, b5, asOf)
            .Filtered(filter)
            .Where(x => (x.AgentProfanityDetected && x.PrimaryAgent != null && x.PrimaryAgent != "") || (x.CustomerAbuseDetected && x.Reporter != null && x.Reporter != ""))
            .Select(x => new
            {
                Segment = x.ReferenceUtc >= b0 ? 0
                    : x.ReferenceUtc >= b1 ? 1
                    : x.ReferenceUtc >= b2 ? 2
                    : x.ReferenceUtc >= b3 ? 3
                    : x.ReferenceUtc >= b4 ? 4
                    : 5,
                Agent = x.AgentProfanityDetected ? x.PrimaryAgent : null,
                Customer = x.CustomerAbuseDetected ? x.Reporter : null,
            })
            .Distinct()
            .ToListAsync(cancellationToken);

        PeriodKpis Sum(DateTime from, DateTime to, params int[] segmentIds)
        {
            var sum = new Accumulated();
            foreach (var segment in totals.Where(t => segmentIds.Contains(t.Key)))
            {
                sum.Add(segment);
            }

            var inPeriod = people.Where(p => segmentIds.Contains(p.Segment)).ToList();
            return sum.ToKpis(
                from,
                to,
                inPeriod.Where(p => p.Agent is not null).Select(p => p.Agent).Distinct(StringComparer.Ordinal).LongCount(),
                inPeriod.Where(p => p.Customer is not null).Select(p => p.Customer).Distinct(StringComparer.Ordinal).LongCount());
        }

        return
        [
            new WindowKpis(MetricsWindow.Last24Hours, Sum(b0, asOf, 0), Sum(b1, b0, 1)),
            new WindowKpis(MetricsWindow.Last7Days, Sum(b2, asOf, 0, 1, 2), Sum(b3, b2, 3)),
            new WindowKpis(MetricsWindow.Last30Days, Sum(b4, asOf, 0, 1, 2, 3, 4), Sum(b5, b4, 5)),
        ];
    }

    private static async Task<TrendSeries> TrendAsync(JiraQualityDbContext db, RangePlanner plan, RollupSlice? slice, TrendBuckets buckets, string zoneId, bool hourly, DateTime from, DateTime asOf, MetricsFilter filter, CancellationToken cancellationToken)
    {
        var previousFrom = from - buckets.PeriodShift;
        var split = new HourSplit(previousFrom, asOf, from);
        var rows = (slice is not null ? split.EdgeRows(db.ProcessedConversations.AsNoTracking()) : plan.Rows(db, previousFrom, asOf)).Filtered(filter);

        // Grouped by UTC slot (hour, or quarter hour for zones offset by minutes) and period; slots are
        // mapped to local buckets afterwards, which keeps the SQL the same on both providers.
        var current = Enumerable.Range(0, buckets.Buckets.Count).Select(_ => new Accumulated()).ToArray();
        var previous = Enumerable.Range(0, buckets.Buckets.Count).Select(_ => new Accumulated()).ToArray();
        if (plan.IsSqlite && !buckets.NeedsQuarterHours)
        {
            // SQLite keeps timestamps as ISO text: the first 13 characters are the UTC hour, far cheaper than strftime.
            var hours = await rows
                .GroupBy(x => new { Current = x.ReferenceUtc >= from, Hour = x.ReferenceUtc!.Value.ToString().Substring(0, 13) })
                .Aggregate()
                .ToListAsync(cancellationToken);
            foreach (var slot in hours)
            {
                var index = buckets.IndexOf(ParseSqliteHour(slot.Key.Hour), previousPeriod: !slot.Key.Current);
                (slot.Key.Current ? current : previous)[index].Add(slot);
            }
        }
        else
        {
            var slots = await rows
                .GroupBy(x => new
                {
                    Current = x.ReferenceUtc >= from,
                    x.ReferenceUtc!.Value.Year,
                    x.ReferenceUtc!.Value.Month,
                    x.ReferenceUtc!.Value.Day,
                    x.ReferenceUtc!.Value.Hour,
                    Quarter = buckets.NeedsQuarterHours ? x.ReferenceUtc!.Value.Minute / 15 : 0,
                })
                .Aggregate()
                .ToListAsync(cancellationToken);
            foreach (var slot in slots)
            {
                var start = new DateTime(slot.Key.Year, slot.Key.Month, slot.Key.Day, slot.Key.Hour, slot.Key.Quarter * 15, 0, DateTimeKind.Utc);
                var index = buckets.IndexOf(start, previousPeriod: !slot.Key.Current);
                (slot.Key.Current ? current : previous)[index].Add(slot);
            }
        }

        if (slice is not null)
        {
            foreach (var hour in await split.WholeHoursAsync(db, MetricsHourlyRollup.Overall, cancellationToken, slice))
            {
                var isCurrent = hour.HourUtc >= from;
                (isCurrent ? current : previous)[buckets.IndexOf(hour.HourUtc, previousPeriod: !isCurrent)].Add(hour.ToTotals(0));
            }
        }

        return new TrendSeries(
            buckets.Buckets,
            current.Select(a => a.ToTrendPoint()).ToList(),
            previous.Select(a => a.ToTrendPoint()).ToList(),
            zoneId,
            hourly);
    }

    private static async Task<SentimentPanel> SentimentAsync(JiraQualityDbContext db, RangePlanner plan, bool rollup, TrendBuckets buckets, DateTime from, DateTime asOf, MetricsFilter filter, CancellationToken cancellationToken)
    {
        var split = new HourSplit(from, asOf);
        var rows = (rollup ? split.EdgeRows(db.ProcessedConversations.AsNoTracking()) : plan.Rows(db, from, asOf)).Filtered(filter);
        var trend = new Dictionary<string, long[]>(StringComparer.Ordinal);
        foreach (var label in SentimentPanel.Labels)
        {
            trend[label] = new long[buckets.Buckets.Count];
        }

        void Add(string? sentiment, DateTime slotStart, long count)
        {
            var label = string.IsNullOrWhiteSpace(sentiment) ? MetricsFilter.NeutralSentiment : sentiment;
            if (!trend.TryGetValue(label, out var counts))
            {
                counts = trend[label] = new long[buckets.Buckets.Count];
            }

            counts[buckets.IndexOf(slotStart, previousPeriod: false)] += count;
        }

        if (plan.IsSqlite && !buckets.NeedsQuarterHours)
        {
            var hours = await rows
                .GroupBy(x => new { x.SentimentPrimary, Hour = x.ReferenceUtc!.Value.ToString().Substring(0, 13) })
                .Select(g => new { g.Key, Count = g.LongCount() })
                .ToListAsync(cancellationToken);
            foreach (var slot in hours)
            {
                Add(slot.Key.SentimentPrimary, ParseSqliteHour(slot.Key.Hour), slot.Count);
            }
        }
        else
        {
            var slots = await rows
                .GroupBy(x => new
                {
                    x.SentimentPrimary,
                    x.ReferenceUtc!.Value.Year,
                    x.ReferenceUtc!.Value.Month,
                    x.ReferenceUtc!.Value.Day,
                    x.ReferenceUtc!.Value.Hour,
                    Quarter = buckets.NeedsQuarterHours ? x.ReferenceUtc!.Value.Minute / 15 : 0,
                })
                .Select(g => new { g.Key, Count = g.LongCount() })
                .ToListAsync(cancellationToken);
            foreach (var slot in slots)
            {
                Add(slot.Key.SentimentPrimary, new DateTime(slot.Key.Year, slot.Key.Month, slot.Key.Day, slot.Key.Hour, slot.Key.Quarter * 15, 0, DateTimeKind.Utc), slot.Count);
            }
        }

        if (rollup)
        {
            foreach (var hour in await split.WholeHoursAsync(db, MetricsHourlyRollup.SentimentDimension, cancellationToken))
            {
                Add(hour.Value, hour.HourUtc, hour.Count);
            }
        }

        var total = trend.Values.Sum(c => c.Sum());
        var distribution = trend
            .Select(pair => new SentimentSlice(pair.Key, pair.Value.Sum(), total == 0 ? 0 : 100.0 * pair.Value.Sum() / total))
            .Where(s => s.Count > 0)
            .OrderByDescending(s => s.Count)
            .ThenBy(s => s.Sentiment, StringComparer.Ordinal)
            .ToList();
        return new SentimentPanel(distribution, trend.ToDictionary(p => p.Key, p => (IReadOnlyList<long>)p.Value, StringComparer.Ordinal));
    }

    private sealed class AgentSums
    {
        public string Agent { get; init; } = "";
        public string? Tier { get; set; }
        public long Count { get; set; }
        public double AgentScoreSum { get; set; }
        public long AgentScoreN { get; set; }
        public double FirstSum { get; set; }
        public long FirstN { get; set; }
        public double ResponseSum { get; set; }
        public long ResponseN { get; set; }
        public double ResolutionSum { get; set; }
        public long ResolutionN { get; set; }
        public long ResolvedYes { get; set; }
        public long ResolvedKnown { get; set; }
        public long Escalated { get; set; }
        public long HandedOver { get; set; }
        public long Misclassified { get; set; }
        public long ReasonVerdicts { get; set; }
        public long Profane { get; set; }
        public long ProfanityHits { get; set; }

        public void Add(AgentSums other)
        {
            Tier = Tier is null || (other.Tier is not null && string.CompareOrdinal(other.Tier, Tier) > 0) ? other.Tier : Tier;
            Count += other.Count;
            AgentScoreSum += other.AgentScoreSum;
            AgentScoreN += other.AgentScoreN;
            FirstSum += other.FirstSum;
            FirstN += other.FirstN;
            ResponseSum += other.ResponseSum;
            ResponseN += other.ResponseN;
            ResolutionSum += other.ResolutionSum;
            ResolutionN += other.ResolutionN;
            ResolvedYes += other.ResolvedYes;
            ResolvedKnown += other.ResolvedKnown;
            Escalated += other.Escalated;
            HandedOver += other.HandedOver;
            Misclassified += other.Misclassified;
            ReasonVerdicts += other.ReasonVerdicts;
            Profane += other.Profane;
            ProfanityHits += other.ProfanityHits;
        }
    }

    private static async Task<IReadOnlyList<AgentPerformance>> AgentsAsync(JiraQualityDbContext db, RangePlanner plan, bool rollup, DateTime from, DateTime asOf, MetricsFilter filter, CancellationToken cancellationToken)
    {
        var split = new HourSplit(from, asOf);
        var rows = await (rollup ? split.EdgeRows(db.ProcessedConversations.AsNoTracking()) : plan.Rows(db, from, asOf))
            .Filtered(filter)
            .Where(x => x.PrimaryAgent != null && x.PrimaryAgent != "")
            .GroupBy(x => x.PrimaryAgent!)
            .Select(g => new AgentSums
            {
                Agent = g.Key,
                Tier = g.Max(x => x.PrimaryAgentTier),
                Count = g.LongCount(),
                AgentScoreSum = g.Sum(x => x.AgentScore ?? 0),
                AgentScoreN = g.LongCount(x => x.AgentScore != null),
                FirstSum = g.Sum(x => x.FirstAgentResponseMinutes ?? 0),
                FirstN = g.LongCount(x => x.FirstAgentResponseMinutes != null),
                ResponseSum = g.Sum(x => x.AvgAgentResponseMinutes ?? 0),
                ResponseN = g.LongCount(x => x.AvgAgentResponseMinutes != null),
                ResolutionSum = g.Sum(x => x.DurationToResolutionMinutes ?? 0),
                ResolutionN = g.LongCount(x => x.DurationToResolutionMinutes != null),
                ResolvedYes = g.LongCount(x => x.Resolved == true),
                ResolvedKnown = g.LongCount(x => x.Resolved != null),
                Escalated = g.LongCount(x => x.EscalatedTier1ToTier2),
                HandedOver = g.LongCount(x => x.HandedOverFromTier1),
                Misclassified = g.LongCount(x => x.ContactReasonChanged == true),
                ReasonVerdicts = g.LongCount(x => x.ContactReasonChanged != null),
                Profane = g.LongCount(x => x.AgentProfanityDetected),
                ProfanityHits = g.Sum(x => (long)x.AgentProfanityCount),
            })
            .ToListAsync(cancellationToken);

        if (rollup)
        {
            // The range has no inner cuts, so every hour strictly between its first and last is whole.
            var hours = await split.RollupRows(db, MetricsHourlyRollup.AgentDimension)
                .GroupBy(r => r.Value)
                .Select(g => new AgentSums
                {
                    Agent = g.Key,
                    Tier = g.Max(r => r.MaxTier),
                    Count = g.Sum(r => r.Count),
                    AgentScoreSum = g.Sum(r => r.AgentScoreSum),
                    AgentScoreN = g.Sum(r => r.AgentScoreN),
                    FirstSum = g.Sum(r => r.FirstResponseSum),
                    FirstN = g.Sum(r => r.FirstResponseN),
                    ResponseSum = g.Sum(r => r.AvgResponseSum),
                    ResponseN = g.Sum(r => r.AvgResponseN),
                    ResolutionSum = g.Sum(r => r.ResolutionSum),
                    ResolutionN = g.Sum(r => r.ResolutionN),
                    ResolvedYes = g.Sum(r => r.ResolvedYes),
                    ResolvedKnown = g.Sum(r => r.ResolvedYes + r.ResolvedNo),
                    Escalated = g.Sum(r => r.Escalated),
                    HandedOver = g.Sum(r => r.HandedOver),
                    Misclassified = g.Sum(r => r.Misclassified),
                    ReasonVerdicts = g.Sum(r => r.ReasonVerdicts),
                    Profane = g.Sum(r => r.ProfaneAgent),
                    ProfanityHits = g.Sum(r => r.ProfanityHits),
                })
                .ToListAsync(cancellationToken);
            rows = rows.Concat(hours)
                .GroupBy(r => r.Agent, StringComparer.Ordinal)
                .Select(g =>
                {
                    var sum = new AgentSums { Agent = g.Key };
                    foreach (var part in g)
                    {
                        sum.Add(part);
                    }

                    return sum;
                })
                .ToList();
        }

        return rows
            .Select(r => new AgentPerformance(
                r.Agent,
                r.Tier,
                r.Count,
                Accumulated.Mean(r.AgentScoreSum, r.AgentScoreN),
                Accumulated.Mean(r.FirstSum, r.FirstN),
                Accumulated.Mean(r.ResponseSum, r.ResponseN),
                Accumulated.Mean(r.ResolutionSum, r.ResolutionN),
                r.ResolvedKnown == 0 ? null : (double)r.ResolvedYes / r.ResolvedKnown,
                r.Escalated,
                r.HandedOver,
                r.Misclassified,
                r.ReasonVerdicts == 0 ? null : (double)r.Misclassified / r.ReasonVerdicts,
                r.Profane,
                r.ProfanityHits))
            .OrderBy(r => r.Agent, StringComparer.OrdinalIgnoreCase)
            .ToList();
    }

    /// <summary>
    /// Ranks by the agent score pulled towards the team mean (a Bayesian average with a prior worth
    /// <see cref="MetricsOptions.TopAgentsPriorWeight"/> conversations), among agents with enough scored conversations.
    /// </summary>
    private IReadOnlyList<TopAgent> RankTopAgents(IReadOnlyList<AgentPerformance> agents)
    {
        var scored = agents.Where(a => a.AgentScore is not null).ToList();
        var counts = scored.ToDictionary(a => a.Agent, a => a.Conversations);
        var n = scored.Sum(a => a.Conversations);
        if (n == 0)
        {
            return [];
        }

        var teamMean = scored.Sum(a => a.AgentScore!.Value * a.Conversations) / n;
        var prior = Math.Max(0, _options.TopAgentsPriorWeight);
        return scored
            .Where(a => a.Conversations >= _options.TopAgentsMinimumConversations)
            .Select(a => new TopAgent(a.Agent, a.Tier, counts[a.Agent], a.AgentScore!.Value,
                ((a.AgentScore!.Value * a.Conversations) + (teamMean * prior)) / (a.Conversations + prior)))
            .OrderByDescending(a => a.AdjustedScore)
            .ThenByDescending(a => a.ScoredConversations)
            .ThenBy(a => a.Agent, StringComparer.OrdinalIgnoreCase)
            .Take(_options.TopAgentsLimit)
            .ToList();
    }

    private IReadOnlyList<FlaggedAgent> FlagAgents(IReadOnlyList<AgentPerformance> agents) => agents
        .Where(a => a.ProfaneConversations > 0 && (double)a.ProfaneConversations / a.Conversations >= _options.FlaggedAgentShareThreshold)
        .Select(a => new FlaggedAgent(a.Agent, a.Tier, a.ProfaneConversations, a.Conversations, a.ProfanityHits, (double)a.ProfaneConversations / a.Conversations))
        .OrderByDescending(a => a.Share)
        .ThenByDescending(a => a.ProfanityHits)
        .ThenBy(a => a.Agent, StringComparer.OrdinalIgnoreCase)
        .ToList();

    private async Task<IReadOnlyList<AbusiveCustomer>> AbusiveCustomersAsync(JiraQualityDbContext db, RangePlanner plan, DateTime from, DateTime asOf, MetricsFilter filter, CancellationToken cancellationToken)
    {
        var abusive = plan.Rows(db, from, asOf)
            .Filtered(filter)
            .Where(x => x.CustomerAbuseDetected && x.Reporter != null && x.Reporter != "");
        var top = await abusive
            .GroupBy(x => x.Reporter!)
            .Select(g => new
            {
                Customer = g.Key,
                Count = g.LongCount(),
                Hits = g.Sum(x => (long)x.CustomerAbuseCount),
                ScoreSum = g.Sum(x => x.CustomerScore ?? 0),
                ScoreN = g.LongCount(x => x.CustomerScore != null),
            })
            .OrderByDescending(x => x.Count)
            .ThenByDescending(x => x.Hits)
            .ThenBy(x => x.Customer)
            .Take(_options.AbusiveCustomersLimit)
            .ToListAsync(cancellationToken);
        if (top.Count == 0)
        {
            return [];
        }

        // Each customer's latest tickets on their own: one shared limit would let the busiest customer take every slot.
        var customers = new List<AbusiveCustomer>(top.Count);
        foreach (var t in top)
        {
            var keys = await abusive
                .Where(x => x.Reporter == t.Customer)
                .OrderByDescending(x => x.ReferenceUtc)
                .ThenByDescending(x => x.IssueKey)
                .Select(x => x.IssueKey)
                .Take(IssueKeysPerAbusiveCustomer)
                .ToListAsync(cancellationToken);
            // Shown to every role: a customer known by an e-mail address or a phone number shows as its placeholder.
            customers.Add(new AbusiveCustomer(Identity.PersonalDataRedaction.Text(t.Customer)!, t.Count, t.Hits, Accumulated.Mean(t.ScoreSum, t.ScoreN), keys));
        }

        return customers;
    }

    private sealed record ReasonSums(bool Current, string Reason, long Count, long Misclassified, long Verdicts);

    private async Task<ContactReasonPanel> ContactReasonsAsync(JiraQualityDbContext db, RangePlanner plan, bool rollup, DateTime from, DateTime asOf, TimeSpan duration, MetricsFilter filter, CancellationToken cancellationToken)
    {
        var split = new HourSplit(from - duration, asOf, from);
        var rows = rollup ? split.EdgeRows(db.ProcessedConversations.AsNoTracking()) : plan.Rows(db, from - duration, asOf);
        var groups = await rows
            .Filtered(filter)
            .GroupBy(x => new
            {
                Current = x.ReferenceUtc >= from,
                Reason = x.ContactReason != null && x.ContactReason != "" ? x.ContactReason
                    : x.ContactReasonOriginal != null && x.ContactReasonOriginal != "" ? x.ContactReasonOriginal
                    : MetricsFilter.UnspecifiedReason,
            })
            .Select(g => new
            {
                g.Key.Current,
                g.Key.Reason,
                Count = g.LongCount(),
                Misclassified = g.LongCount(x => x.ContactReasonChanged == true),
                Verdicts = g.LongCount(x => x.ContactReasonChanged != null),
            })
            .Select(g => new ReasonSums(g.Current, g.Reason, g.Count, g.Misclassified, g.Verdicts))
            .ToListAsync(cancellationToken);
        if (rollup)
        {
            var cut = MetricsRollupMaintenance.HourOf(from);
            var hours = await split.RollupRows(db, MetricsHourlyRollup.ContactReasonDimension)
                .Where(r => r.HourUtc != cut)
                .GroupBy(r => new { Current = r.HourUtc >= from, r.Value })
                .Select(g => new { g.Key.Current, g.Key.Value, Count = g.Sum(r => r.Count), Misclassified = g.Sum(r => r.Misclassified), Verdicts = g.Sum(r => r.ReasonVerdicts) })
                .ToListAsync(cancellationToken);
            groups = groups
                .Concat(hours.Select(h => new ReasonSums(h.Current, h.Value, h.Count, h.Misclassified, h.Verdicts)))
                .GroupBy(g => (g.Current, g.Reason))
                .Select(g => new ReasonSums(g.Key.Current, g.Key.Reason, g.Sum(x => x.Count), g.Sum(x => x.Misclassified), g.Sum(x => x.Verdicts)))
                .ToList();
        }

        var current = groups.Where(g => g.Current).ToList();
        var total = current.Sum(g => g.Count);
        var top = current
            .OrderByDescending(g => g.Count)
            .ThenBy(g => g.Reason, StringComparer.OrdinalIgnoreCase)
            .Take(_options.ContactReasonsLimit)
            .Select(g => new ContactReasonRow(
                g.Reason,
                g.Count,
                total == 0 ? 0 : 100.0 * g.Count / total,
                groups.Where(p => !p.Current && p.Reason == g.Reason).Sum(p => p.Count),
                g.Misclassified,
                g.Verdicts))
            .ToList();
        return new ContactReasonPanel(top, total, current.Sum(g => g.Misclassified), current.Sum(g => g.Verdicts));
    }

    /// <summary>Tips of the last 24 hours, grouped in the database by trimmed lower-case text, then by wording.</summary>
    private async Task<TipsPanel> TipsAsync(JiraQualityDbContext db, RangePlanner plan, DateTime asOf, MetricsFilter filter, CancellationToken cancellationToken)
    {
        var from = asOf - TimeSpan.FromHours(24);
        var groups = await plan.Rows(db, from, asOf)
            .Filtered(filter)
            .Where(x => x.ImprovementTip != null && x.ImprovementTip.Trim() != "")
            .GroupBy(x => x.ImprovementTip!.Trim().ToLower())
            .Select(g => new
            {
                Text = g.Max(x => x.ImprovementTip!.Trim())!,
                Count = g.LongCount(),
                LastSeen = g.Max(x => x.ReferenceUtc),
            })
            .ToListAsync(cancellationToken);

        var merged = groups
            .GroupBy(g => NormaliseTip(g.Text ?? ""))
            .Select(g => new TipGroup(
                g.OrderByDescending(x => x.Count).ThenBy(x => x.Text, StringComparer.Ordinal).First().Text ?? "",
                g.Sum(x => x.Count),
                PreparedConversationMapping.AsUtc(g.Max(x => x.LastSeen))))
            .OrderByDescending(t => t.Count)
            .ThenByDescending(t => t.LastSeenUtc)
            .ThenBy(t => t.Tip, StringComparer.Ordinal)
            .ToList();
        // A scorer's tip may quote the ticket; the panel is shown to every role.
        var shown = merged.Take(_options.TipsLimit).Select(t => t with { Tip = Identity.PersonalDataRedaction.Text(t.Tip) ?? "" }).ToList();
        return new TipsPanel(shown, merged.Sum(t => t.Count), merged.Count, from, asOf);
    }

    /// <summary>Lower case, letters and digits only, single spaces: "Share the checklist sooner!" = "share the checklist  sooner".</summary>
    public static string NormaliseTip(string tip)
    {
        var builder = new StringBuilder(tip.Length);
        var pendingSpace = false;
        foreach (var c in tip.Trim())
        {
            if (char.IsLetterOrDigit(c))
            {
                if (pendingSpace && builder.Length > 0)
                {
                    builder.Append(' ');
                }

                builder.Append(char.ToLowerInvariant(c));
                pendingSpace = false;
            }
            else if (char.IsWhiteSpace(c) || c is '-' or '/' or ',' or ';' or ':')
            {
                pendingSpace = true;
            }
        }

        return builder.ToString();
    }
}
