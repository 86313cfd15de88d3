using JiraQuality.Core.Agents.Directory;
using JiraQuality.Core.Jobs;

namespace JiraQuality.Core.Ingestion.Roles;

/// <summary>
/// Runs <see cref="JobKinds.ReapplyRoles"/>: <see cref="RoleReapplyService"/> over every stored conversation. Requests
/// made by <see cref="CreateRequest"/> queue processing to follow, so metrics and scores of the changed conversations
/// follow the directory without anyone watching.
/// </summary>
public sealed class RoleReapplyJobHandler(RoleReapplyService service, JobStore jobs) : IJobHandler
{
    /// <summary>The fingerprint of the directory the request was made for (<see cref="AgentDirectorySnapshot.Fingerprint"/>).</summary>
    public const string DirectoryParameter = "directory";

    public string Kind => JobKinds.ReapplyRoles;

    /// <summary>
    /// A request for the directory with <paramref name="directoryFingerprint"/>, followed by processing. Requests for
    /// different directories do not join each other's jobs (the kind is in <see cref="JobOptions.KindsWithDistinctInputs"/>),
    /// so an edit made while a job runs always gets a job that reads the directory after it.
    /// </summary>
    public static JobRequest CreateRequest(string requestedBy, string? directoryFingerprint)
    {
        var parameters = new Dictionary<string, string> { [JobRunner.ThenParameter] = JobKinds.Processing };
        if (!string.IsNullOrWhiteSpace(directoryFingerprint))
        {
            parameters[DirectoryParameter] = directoryFingerprint;
        }

        return new JobRequest(JobKinds.ReapplyRoles, requestedBy, parameters);
    }

    public async Task<JobResult> RunAsync(JobRequest request, IJobProgress progress, CancellationToken cancellationToken)
    {
        // Jobs of a kind run one at a time, so a queued one starts after this one and reads the directory then:
        // a burst of edits costs one pass over the conversations, not one per edit.
        var waiting = (await jobs.ListActiveAsync(Kind, cancellationToken)).FirstOrDefault(run => run.State == JobStates.Queued);
        if (waiting is not null)
        {
            var skipped = $"Skipped: the agent directory changed again, and job {waiting.Id} (queued) applies the directory as it is then.";
            progress.Log(skipped);
            return new JobResult(skipped);
        }

        var result = await service.ReapplyAsync(progress, cancellationToken);
        return new JobResult(result.Describe());
    }
}
