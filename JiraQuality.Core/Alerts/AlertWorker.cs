using JiraQuality.Core.Jobs;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace JiraQuality.Core.Alerts;

/// <summary>
/// Runs the alerts: evaluates stored conversations when a job that stores them ends (here or, on a shared database,
/// on another instance) and every <see cref="AlertsOptions.EvaluationInterval"/> (the <c>process</c> verb), makes the
/// daily digests and kpi-drop checks, and sends the outbox. Without channels (in settings or saved on the Settings
/// page) it evaluates nothing.
/// </summary>
public sealed class AlertWorker(
    AlertEvaluationService evaluation,
    AlertDigestService digests,
    AlertOutbox outbox,
    AlertOutboxSignal signal,
    AlertConfiguration configuration,
    IJobEvents jobEvents,
    IOptionsMonitor<AlertsOptions> options,
    TimeProvider time,
    ILogger<AlertWorker> logger) : BackgroundService
{
    /// <summary>The job kinds that store processed conversations.</summary>
    public static readonly IReadOnlySet<string> StoringKinds = new HashSet<string>(StringComparer.Ordinal)
    {
        JobKinds.Processing, JobKinds.Rescore, JobKinds.Refresh, JobKinds.ScoredCsvImport,
    };

    private int _evaluationRequested;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Every state counts: a failed or cancelled job has still stored what it scored before it stopped.
        using var subscription = jobEvents.SubscribeToFinished(job =>
        {
            if (StoringKinds.Contains(job.Kind))
            {
                Interlocked.Exchange(ref _evaluationRequested, 1);
                signal.Wake();
            }

            return Task.CompletedTask;
        });

        var nextEvaluation = DateTime.MinValue;
        DateTime? nextDigest = null;
        while (!stoppingToken.IsCancellationRequested)
        {
            var now = time.GetUtcNow().UtcDateTime;
            try
            {
                // Channels come from settings and from the Settings page of any instance, so this is asked each round.
                var settings = await configuration.CurrentAsync(stoppingToken);
                var evaluationRequested = Interlocked.Exchange(ref _evaluationRequested, 0) == 1;
                if (settings.Channels.Count > 0)
                {
                    if (evaluationRequested || now >= nextEvaluation)
                    {
                        nextEvaluation = now + settings.EvaluationInterval;
                        await evaluation.EvaluateAsync(stoppingToken);
                    }

                    if (nextDigest is null || now >= nextDigest)
                    {
                        nextDigest = await digests.RunDueAsync(stoppingToken);
                    }
                }

                // Also without channels: deliveries left for a channel deleted meanwhile are marked failed, not left pending.
                await outbox.DeliverDueAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // The database may be briefly away; the next round tries again.
                logger.LogError(ex, "Alert round failed: {Message}", ex.Message);
            }

            var wait = options.CurrentValue.PollInterval;
            if (nextDigest is { } digestAt && digestAt - time.GetUtcNow().UtcDateTime is var untilDigest && untilDigest < wait)
            {
                wait = untilDigest < TimeSpan.Zero ? TimeSpan.Zero : untilDigest;
            }

            await signal.WaitAsync(wait, time, stoppingToken);
        }
    }
}
