namespace JiraQuality.Core.Jobs;

/// <summary>Keeps two app instances from running jobs of the same kind at once.</summary>
public interface IJobKindLock
{
    /// <summary>The lock for <paramref name="kind"/>, held until the result is disposed; null when another holder has it.</summary>
    Task<IAsyncDisposable?> TryAcquireAsync(string kind, CancellationToken cancellationToken);
}
