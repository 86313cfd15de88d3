using System.Collections.Concurrent;

namespace JiraQuality.Core.Reporting.Dashboard;

/// <summary>
/// Filter choices change slowly, so they are kept for a minute per as-of hour and per hub scope instead of being
/// read on every view.
/// </summary>
internal sealed class FilterOptionsCache(TimeProvider time)
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(60);
    private const string EveryHubKey = "every-hub";

    private readonly Lock _gate = new();
    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private long _generation;

    /// <summary>The kept choices of the scope and as-of hour, or those <paramref name="read"/> gives (then kept).</summary>
    public async Task<MetricsFilterOptions> GetAsync(
        DateTime asOf,
        string? allowedHubs,
        Func<DateTime, string?, CancellationToken, Task<MetricsFilterOptions>> read,
        CancellationToken cancellationToken)
    {
        var hour = new DateTime(asOf.Ticks - (asOf.Ticks % TimeSpan.TicksPerHour), DateTimeKind.Utc);
        var key = allowedHubs is null ? EveryHubKey : "hubs:" + allowedHubs;
        // One immutable entry per scope, swapped whole, so concurrent circuits never see a half-written entry.
        if (_entries.TryGetValue(key, out var cached) && cached.Hour == hour && time.GetUtcNow() - cached.ReadAt < Lifetime)
        {
            return cached.Options;
        }

        // A read that began before data changed must not put its stale answer back after the cache was dropped.
        var generation = Volatile.Read(ref _generation);
        var options = await read(asOf, allowedHubs, cancellationToken);
        var entry = new Entry(hour, time.GetUtcNow(), options);
        lock (_gate)
        {
            if (generation == _generation)
            {
                _entries[key] = entry;
            }
        }

        return options;
    }

    /// <summary>Drops every kept choice, and any read still under way is not kept.</summary>
    public void Forget()
    {
        lock (_gate)
        {
            _generation++;
            _entries.Clear();
        }
    }

    private sealed record Entry(DateTime Hour, DateTimeOffset ReadAt, MetricsFilterOptions Options);
}
