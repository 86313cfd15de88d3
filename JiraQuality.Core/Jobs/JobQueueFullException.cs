namespace JiraQuality.Core.Jobs;

/// <summary>A request refused because its kind already has as many jobs waiting as the settings allow.</summary>
public sealed class JobQueueFullException(string message) : InvalidOperationException(message);
