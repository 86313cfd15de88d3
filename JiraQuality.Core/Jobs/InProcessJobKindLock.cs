namespace JiraQuality.Core.Jobs;

/// <summary>
/// The embedded SQLite database belongs to one process, whose runner already runs one job per kind at a time.
/// </summary>
public sealed class InProcessJobKindLock : IJobKindLock
{
    public Task<IAsyncDisposable?> TryAcquireAsync(string kind, CancellationToken cancellationToken) =>
        Task.FromResult<IAsyncDisposable?>(Released.Instance);

    private sealed class Released : IAsyncDisposable
    {
        public static readonly Released Instance = new();

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
