using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;


namespace JiraQuality.Core.Jobs;

/// <summary>Recovery: jobs a stopped or crashed instance left behind are marked interrupted and their work queued again.</summary>
public sealed partial class JobRunner
{
    private readonly TaskCompletionSource _recovered = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>
    /// Completes once the first recovery pass has taken over what earlier runs left and the lanes run: from then on,
    /// only the periodic pass picks up jobs queued by other instances.
    /// </summary>
    public Task Recovered => _recovered.Task;

    private async Task TryRecoverAsync(CancellationToken cancellationToken)
    {
        try
        {
            await RecoverAsync(cancellationToken);
            await ForgetEndedElsewhereAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            _logger.LogError(ex, "Could not recover the jobs left behind");
        }
    }

    /// <summary>
    /// Announces the end of jobs this process announced as active but that ended elsewhere (run or cancelled by another
    /// instance), so indicators do not show them forever.
    /// </summary>
    private async Task ForgetEndedElsewhereAsync(CancellationToken cancellationToken)
    {
        foreach (var update in _events.ActiveJobs)
        {
            var id = update.Job.Id;
            if (_trackers.ContainsKey(id) || _inLanes.ContainsKey(id) || _cancellations.ContainsKey(id))
            {
                continue;
            }

            if (await _store.FindAsync(id, cancellationToken) is { } run && run.State is not (JobStates.Queued or JobStates.Running))
            {
                _events.PublishFinished(JobStore.ToSnapshot(run));
            }
        }
    }

    /// <summary>
    /// Marks jobs a crashed instance left running as interrupted and queues their work again, and queues stored queued
    /// jobs no lane here holds. Claims and conditional updates make it safe for several instances to do this at once.
    /// </summary>
    private async Task RecoverAsync(CancellationToken cancellationToken)
    {
        foreach (var run in await _store.ListActiveAsync(kind: null, cancellationToken))
        {
            if (_cancellations.ContainsKey(run.Id))
            {
                // Running (or about to) right here.
                continue;
            }

            if (run.State == JobStates.Queued)
            {
                if (!TryAddToLane(run.Kind, run.Id))
                {
                    _logger.LogWarning("The {Kind} queue is full; queued job {JobId} waits for the next start", run.Kind, run.Id);
                }

                continue;
            }

            // A kind (or job) whose lock another live instance holds is that instance's running job, not a crashed one.
            await using var lease = await _kindLock.TryAcquireAsync(LockNameOf(run), cancellationToken);
            if (lease is null)
            {
                continue;
            }

            const string message = "The app stopped while this job was running; its work was queued again.";
            if (await _store.TryEndAsync(run.Id, JobStates.Running, JobStates.Interrupted, UtcNow(), message, cancellationToken))
            {
                _logger.LogWarning("Job {JobId} ({Kind}) was left running by a previous run; marked interrupted", run.Id, run.Kind);
                if (_options.KindsSharingWorkAcrossInstances.Contains(run.Kind, StringComparer.Ordinal))
                {
                    // Its counts were stored up to a second before the instance died; its stored rows are the truth.
                    await _store.CountStoredResultsAsync(run.Id, cancellationToken);
                }

                await RequeueInterruptedWorkAsync(run, enqueueLocally: true, cancellationToken);
            }
        }
    }

    private async Task RequeueInterruptedWorkAsync(StoredJob interrupted, bool enqueueLocally, CancellationToken cancellationToken)
    {
        var request = JobStore.ToRequest(interrupted);
        var parameters = request.Parameters.ToDictionary();
        parameters[ResumedFromParameter] = interrupted.Id.ToString();
        var resumed = request with { Parameters = parameters };
        await _enqueueGate.WaitAsync(cancellationToken);
        try
        {
            var active = await _store.ListActiveAsync(interrupted.Kind, cancellationToken);
            var inputKey = InputKeyOf(resumed);
            if (active.Any(run => SameInput(run, inputKey)))
            {
                return;
            }

            if (enqueueLocally)
            {
                var snapshot = await QueueNewAsync(resumed, inputKey, cancellationToken);
                _logger.LogInformation("Job {JobId} resumes the work of interrupted job {InterruptedId}", snapshot.Id, interrupted.Id);
            }
            else
            {
                // Stopping: store it queued; the next start of any instance picks it up.
                await _store.CreateAsync(resumed, Guid.NewGuid(), UtcNow(), cancellationToken, inputKey);
            }
        }
        catch (DbUpdateException ex) when (JobStore.IsDuplicateQueuedJob(ex))
        {
            // Another instance queued the same work already.
            _logger.LogInformation("The work of interrupted job {InterruptedId} is already queued again", interrupted.Id);
        }
        finally
        {
            _enqueueGate.Release();
        }
    }
}
