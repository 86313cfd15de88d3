using JiraQuality.Core.Jobs;

namespace JiraQuality.Tests.Ingestion;

/// <summary>Waits for real jobs of the real runner, failing with what was last seen when they take too long.</summary>
internal static class JobWait
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);

    public static async Task<JobSnapshot> UntilFinishedAsync(IJobQueue queue, Guid id)
    {
        var deadline = DateTime.UtcNow + Timeout;
        JobSnapshot? last = null;
        while (DateTime.UtcNow < deadline)
        {
            last = await queue.GetAsync(id, TestContext.Current.CancellationToken);
            if (last is { IsActive: false })
            {
                return last;
            }

            await Task.Delay(100, TestContext.Current.CancellationToken);
        }

        throw new TimeoutException($"Job {id} did not finish in {Timeout}; last seen {last}.");
    }

    public static async Task<JobSnapshot> FollowUpAsync(JobStore store, Guid previousId, string kind)
    {
        var deadline = DateTime.UtcNow + Timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (await store.FindFollowUpAsync(previousId, kind, TestContext.Current.CancellationToken) is { } next)
            {
                return next;
            }

            await Task.Delay(100, TestContext.Current.CancellationToken);
        }

        throw new TimeoutException($"No {kind} job followed job {previousId} in {Timeout}.");
    }
}
