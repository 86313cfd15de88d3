using JiraQuality.Core.Jobs;
using Microsoft.Extensions.Hosting;
using JiraQuality.Core.Reporting.Dashboard;

namespace JiraQuality.Core.Reporting;

/// <summary>
/// Drops the metrics queries' cached filter choices when jobs change what the reports show: when a job that writes
/// conversations or scores succeeds, and (at most once per <see cref="ProgressInterval"/>) while processing commits
/// batches. It listens to the job events without throttling, so the drop comes as the job finishes, ahead of the
/// figure pages, whose change notices are coalesced.
/// </summary>
public sealed class MetricsCacheInvalidation : IHostedService, IDisposable
{
    /// <summary>The kinds whose success changes stored conversations or scores, and so the reported figures.</summary>
    public static readonly IReadOnlySet<string> DataKinds = new HashSet<string>(StringComparer.Ordinal)
    {
        JobKinds.CsvImport, JobKinds.ScoredCsvImport, JobKinds.Processing, JobKinds.JiraSync, JobKinds.Refresh, JobKinds.Rescore,
        JobKinds.ReapplyRoles,
    };

    /// <summary>The kinds that write scored conversations batch by batch while they run.</summary>
    public static readonly IReadOnlySet<string> ProgressKinds = new HashSet<string>(StringComparer.Ordinal) { JobKinds.Processing };

    /// <summary>While processing runs, the cached choices are dropped at most this often.</summary>
    public static readonly TimeSpan ProgressInterval = TimeSpan.FromSeconds(10);

    private readonly MetricsQuery _metrics;
    private readonly IDisposable? _subscription;
    private long _lastProgressDrop = long.MinValue / 2;

    /// <summary>Without job events (a command-line host runs jobs inline) there is nothing to listen to.</summary>
    public MetricsCacheInvalidation(MetricsQuery metrics, IJobEvents? events = null)
    {
        _metrics = metrics;
        _subscription = events?.Subscribe(OnBatchAsync, new JobSubscriptionOptions { IncludeLogs = false, MinInterval = TimeSpan.Zero });
    }

    /// <summary>Whether a batch of job events changes what the reports show (progress counted once per interval).</summary>
    private Task OnBatchAsync(JobEventBatch batch)
    {
        if (batch.Finished.Any(job => job.State == JobStates.Succeeded && DataKinds.Contains(job.Kind)))
        {
            _metrics.ForgetFilterOptions();
            return Task.CompletedTask;
        }

        var committing = batch.Updates.Any(u => u.Job.IsActive && u.Job.Completed > 0 && ProgressKinds.Contains(u.Job.Kind));
        var now = Environment.TickCount64;
        if (committing && now - Interlocked.Read(ref _lastProgressDrop) >= (long)ProgressInterval.TotalMilliseconds)
        {
            Interlocked.Exchange(ref _lastProgressDrop, now);
            _metrics.ForgetFilterOptions();
        }

        return Task.CompletedTask;
    }

    Task IHostedService.StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    Task IHostedService.StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public void Dispose() => _subscription?.Dispose();
}
