namespace JiraQuality.Core.Jobs;

/// <summary>A progress sink that drops everything (for callers that do not watch).</summary>
public sealed class NullJobProgress : IJobProgress
{
    public static readonly NullJobProgress Instance = new();

    public void Report(int completed, int total, string? currentItem = null)
    {
    }

    public void Log(string line)
    {
    }
}
