using JiraQuality.Core.Ingestion.Prepared;
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
    private readonly MetricsOptions _options = options.Value;
    private readonly FilterOptionsCache _filterOptions = new(time);

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

        var plan = await RangePlanner.ReadAsync(contexts, cancellationToken);
        var rollup = UsesRollup(filter);
        var slice = SliceFor(filter);
        var segments = Run(db => WindowKpisQuery.ReadAsync(db, plan, slice, asOf, filter, cancellationToken));
        var buckets = TrendBuckets.Create(from, asOf, window.UsesHourlyBuckets(), zone);
        var hourlyRollup = rollup && !buckets.NeedsQuarterHours;
        var trend = Run(db => TrendQuery.ReadAsync(db, plan, buckets.NeedsQuarterHours ? null : slice, buckets, zone.Id, window.UsesHourlyBuckets(), from, asOf, filter, cancellationToken));
        var sentiment = Run(db => SentimentPanelQuery.ReadAsync(db, plan, hourlyRollup, buckets, from, asOf, filter, cancellationToken));
        var agents = Run(db => AgentsPanelQuery.ReadAsync(db, plan, rollup, from, asOf, filter, cancellationToken));
        var customers = Run(db => AbusiveCustomersQuery.ReadAsync(db, plan, _options, from, asOf, filter, cancellationToken));
        var reasons = Run(db => ContactReasonPanelQuery.ReadAsync(db, plan, _options, rollup, from, asOf, duration, filter, cancellationToken));
        var tips = Run(db => TipsPanelQuery.ReadAsync(db, plan, _options, asOf, filter, cancellationToken));
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
            TopAgents = AgentRanking.TopAgents(agentRows, _options),
            FlaggedAgents = AgentRanking.FlaggedAgents(agentRows, _options),
            AbusiveCustomers = await customers,
            ContactReasons = await reasons,
            Tips = await tips,
        };
    }

    /// <summary>Only the KPIs (for callers that need no panels).</summary>
    public async Task<IReadOnlyList<WindowKpis>> GetKpisAsync(DateTime? asOfUtc, MetricsFilter filter, CancellationToken cancellationToken = default)
    {
        var asOf = ResolveAsOf(asOfUtc);
        var plan = await RangePlanner.ReadAsync(contexts, cancellationToken);
        await using var db = contexts.CreateDbContext();
        await using var snapshot = await SnapshotRead.BeginAsync(db, cancellationToken);
        return await WindowKpisQuery.ReadAsync(db, plan, SliceFor(filter), asOf, filter, cancellationToken);
    }

    /// <summary>Only the trend of one view, the same series the dashboard charts (for pages that need no panels).</summary>
    public async Task<TrendSeries> GetTrendAsync(MetricsRequest request, CancellationToken cancellationToken = default)
    {
        var asOf = ResolveAsOf(request.AsOfUtc);
        var zone = TrendBuckets.ResolveZone(request.TimeZoneId ?? _options.DefaultTimeZone);
        var hourly = request.Window.UsesHourlyBuckets();
        var from = asOf - request.Window.Duration();
        var plan = await RangePlanner.ReadAsync(contexts, cancellationToken);
        var buckets = TrendBuckets.Create(from, asOf, hourly, zone);
        await using var db = contexts.CreateDbContext();
        return await TrendQuery.ReadAsync(db, plan, buckets.NeedsQuarterHours ? null : SliceFor(request.Filter), buckets, zone.Id, hourly, from, asOf, request.Filter, cancellationToken);
    }

    /// <summary>Only the agent matrix of one view (every agent's figures as primary agent), as the dashboard shows it.</summary>
    public async Task<IReadOnlyList<AgentPerformance>> GetAgentsAsync(MetricsRequest request, CancellationToken cancellationToken = default)
    {
        var asOf = ResolveAsOf(request.AsOfUtc);
        var plan = await RangePlanner.ReadAsync(contexts, cancellationToken);
        await using var db = contexts.CreateDbContext();
        return await AgentsPanelQuery.ReadAsync(db, plan, UsesRollup(request.Filter), asOf - request.Window.Duration(), asOf, request.Filter, cancellationToken);
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
        var latest = await db.ProcessedConversations.AsNoTracking().MaxAsync(x => x.ReferenceUtc, cancellationToken);
        return PreparedConversationMapping.AsUtc(latest);
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
    public Task<MetricsFilterOptions> GetFilterOptionsForAsync(DateTime? asOfUtc, string? allowedHubs, CancellationToken cancellationToken = default) =>
        _filterOptions.GetAsync(
            ResolveAsOf(asOfUtc),
            allowedHubs,
            (asOf, hubs, token) => FilterOptionsQuery.ReadAsync(contexts, _options.UseHourlyRollup, asOf, hubs, token),
            cancellationToken);

    /// <summary>Drops the cached filter choices, so new hubs and agents show after an import or a sync.</summary>
    public void ForgetFilterOptions() => _filterOptions.Forget();

    private Task<T> Run<T>(Func<JiraQualityDbContext, Task<T>> query) => SnapshotRead.RunAsync(contexts, query);
}
