namespace JiraQuality.Core.Jobs;

/// <summary>How a job tells the world how far it has got. Implementations must be thread-safe.</summary>
public interface IJobProgress
{
    /// <summary>X of Y done, and the item being worked on (an issue key, a file name).</summary>
    void Report(int completed, int total, string? currentItem = null);

    /// <summary>A line for the job's log tail (and the app log).</summary>
    void Log(string line);

    /// <summary>
    /// Items <paramref name="completedBefore"/> + 1 to <paramref name="completedBefore"/> + <c>items.Count</c> of
    /// <paramref name="total"/> are done, in this order: the same as a <see cref="Report"/> call for each, which a sink may
    /// turn into one update (a batch of scored conversations reports this way).
    /// </summary>
    void ReportItems(int completedBefore, int total, IReadOnlyList<string> items)
    {
        for (var i = 0; i < items.Count; i++)
        {
            Report(completedBefore + i + 1, total, items[i]);
        }
    }

    /// <summary>Money spent (LLM calls), summed per job.</summary>
    void AddCost(double usd)
    {
    }

    /// <summary>The stored job this progress belongs to; null outside the job runner.</summary>
    Guid? JobId => null;
}
