using JiraQuality.Core.Jobs;

namespace JiraQuality.Core.Scoring.Processing;

/// <summary>Runs <see cref="JobKinds.Rescore"/>: re-scores one ticket (parameter <c>issue</c>) or every row of a scorer kind.</summary>
public sealed class RescoreJobHandler(ProcessingService service) : IJobHandler
{
    public string Kind => JobKinds.Rescore;

    public async Task<JobResult> RunAsync(JobRequest request, IJobProgress progress, CancellationToken cancellationToken)
    {
        var result = await service.RunAsync(ProcessingParameters.ToRequest(request, rescore: true), progress, cancellationToken);
        return ProcessingJobHandler.Finish(result);
    }
}
