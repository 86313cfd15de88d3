namespace JiraQuality.Core.Jobs;

public static class JobEventsExtensions
{
    /// <summary>Calls <paramref name="onFinished"/> for each job (of <paramref name="kind"/>, if given) that ends.</summary>
    public static IDisposable SubscribeToFinished(this IJobEvents events, Func<JobSnapshot, Task> onFinished, string? kind = null) =>
        events.Subscribe(
            async batch =>
            {
                foreach (var job in batch.Finished)
                {
                    await onFinished(job);
                }
            },
            new JobSubscriptionOptions { Kind = kind, IncludeLogs = false });
}
