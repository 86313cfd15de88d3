using JiraQuality.Core.Jobs;

namespace JiraQuality.Core.Scoring.Processing;

/// <summary>Runs <see cref="JobKinds.Processing"/>: scores every pending conversation.</summary>
public sealed class ProcessingJobHandler(ProcessingService service) : IJobHandler
{
    public string Kind => JobKinds.Processing;

    public async Task<JobResult> RunAsync(JobRequest request, IJobProgress progress, CancellationToken cancellationToken)
    {
        var result = await service.RunAsync(ProcessingParameters.ToRequest(request, rescore: false), progress, cancellationToken);
        return Finish(result);
    }

    internal static JobResult Finish(ProcessingResult result) =>
        result.StopReason is not null && result.Failures.Count >= ProcessingService.ConsecutiveFailureLimit
            ? throw new ProcessingAbortedException(result)
            : new JobResult(result.Describe(), result.Failures.Count);
}
