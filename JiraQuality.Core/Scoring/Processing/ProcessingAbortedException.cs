namespace JiraQuality.Core.Scoring.Processing;

/// <summary>The job failed: it stopped after consecutive scoring failures. The message says why.</summary>
public sealed class ProcessingAbortedException(ProcessingResult result) : Exception(result.Describe())
{
    public ProcessingResult Result { get; } = result;
}
