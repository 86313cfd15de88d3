using JiraQuality.Core.Jobs;
using JiraQuality.Core.Identity;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;

namespace JiraQuality.Web.Features.Jobs;

/// <summary>
/// Lets monitors follow jobs without the UI. The server sends <see cref="JobUpdated"/> and <see cref="JobFinished"/>
/// to every client, and <see cref="JobLog"/> lines only to the clients that called <see cref="WatchJob"/> for that job
/// (a group per job), so a long run's log does not reach every client. Clients may ask for the jobs active right now.
/// On a shared database the jobs of other instances come too (LISTEN/NOTIFY, with the job-table poll as safety net).
/// </summary>
[Authorize(Policy = Policies.Viewer)]
public sealed class JobsHub(IJobEvents events) : Hub
{
    public const string Path = "/hubs/jobs";
    public const string JobUpdated = "JobUpdated";
    public const string JobLog = "JobLog";
    public const string JobFinished = "JobFinished";

    public static string GroupOf(Guid jobId) => "job:" + jobId.ToString("N");

    public IReadOnlyList<JobMessage> GetActiveJobs() => events.ActiveJobs.Select(JobMessage.From).ToList();

    /// <summary>Starts sending this connection the log lines of <paramref name="jobId"/>.</summary>
    public Task WatchJob(Guid jobId) => Groups.AddToGroupAsync(Context.ConnectionId, GroupOf(jobId));

    /// <summary>Stops sending this connection the log lines of <paramref name="jobId"/>.</summary>
    public Task UnwatchJob(Guid jobId) => Groups.RemoveFromGroupAsync(Context.ConnectionId, GroupOf(jobId));
}
