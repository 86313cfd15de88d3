using Cronos;
using JiraQuality.Core.Jobs;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace JiraQuality.Core.Jira.Schedule;

/// <summary>
/// Queues a refresh job at each occurrence of <c>Schedule:Cron</c> (UTC). It stays off unless Jira is
/// configured and <c>Schedule:Enabled</c> is true. Waiting goes through <see cref="TimeProvider"/> so tests
/// can move time.
/// </summary>
public sealed class RefreshScheduler(
    IOptions<ScheduleOptions> schedule,
    IOptions<JiraOptions> jira,
    RefreshScheduleState state,
    IServiceScopeFactory scopes,
    TimeProvider time,
    ILogger<RefreshScheduler> logger) : BackgroundService
{
    public static CronExpression Parse(string cron)
    {
        try
        {
            return CronExpression.Parse(cron.Trim(), cron.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries).Length == 6 ? CronFormat.IncludeSeconds : CronFormat.Standard);
        }
        catch (CronFormatException exception)
        {
            throw new ArgumentException($"Setting Schedule:Cron is not a valid cron expression ('{cron}'): {exception.Message}", exception);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!schedule.Value.Enabled)
        {
            state.Reason = "The schedule is off (Schedule:Enabled is false).";
            return;
        }

        if (!jira.Value.IsConfigured)
        {
            state.Reason = "The schedule is off until Jira is configured.";
            return;
        }

        CronExpression expression;
        try
        {
            expression = Parse(schedule.Value.Cron);
        }
        catch (ArgumentException exception)
        {
            state.Reason = exception.Message;
            logger.LogError("{Message}", exception.Message);
            return;
        }

        state.Active = true;
        state.Reason = null;
        while (!stoppingToken.IsCancellationRequested)
        {
            var now = time.GetUtcNow();
            var next = expression.GetNextOccurrence(now.UtcDateTime, TimeZoneInfo.Utc);
            if (next is null)
            {
                state.Active = false;
                state.Reason = "The cron expression has no further occurrence.";
                return;
            }

            state.NextRunUtc = next;
            var delay = next.Value - now.UtcDateTime;
            try
            {
                if (delay > TimeSpan.Zero)
                {
                    await Task.Delay(delay, time, stoppingToken);
                }
            }
            catch (OperationCanceledException)
            {
                return;
            }

            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var queue = scope.ServiceProvider.GetRequiredService<IJobQueue>();
                var job = await queue.EnqueueAsync(new JobRequest(JobKinds.Refresh, JobRequesters.Schedule), stoppingToken);
                logger.LogInformation("Scheduled refresh queued as job {JobId} ({State})", job.Id, job.State);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
            {
                logger.LogWarning(exception, "The scheduled refresh could not be queued");
            }
        }
    }
}
