using System.Globalization;
using JiraQuality.Core.Scoring.Scorers;

namespace JiraQuality.Core.Scoring.Processing;

public sealed record ProcessingResult(
    int Selected,
    int Processed,
    IReadOnlyList<(string IssueKey, string Error)> Failures,
    double CostUsd,
    TokenUsage Usage,
    string ScorerVersion,
    string? StopReason)
{
    /// <summary>
    /// Selected conversations another run had claimed (on a shared database): that run scores them, or, when it dies, this
    /// one takes them over once the claim runs out.
    /// </summary>
    public IReadOnlyList<string> ClaimedElsewhere { get; init; } = [];

    public string Describe()
    {
        var text = Selected == 0
            ? "No new conversations to process."
            : string.Create(CultureInfo.InvariantCulture, $"Stored {Processed} processed conversations ({ScorerVersion}); {Failures.Count} failed; cost ${CostUsd:0.000000} ({Usage.InputTokens} input, {Usage.CachedInputTokens} cached, {Usage.OutputTokens} output tokens).");
        if (StopReason is not null)
        {
            text += " Stopped: " + StopReason;
        }

        if (Failures.Count > 0)
        {
            text += " Unprocessed: " + string.Join(", ", Failures.Take(20).Select(f => f.IssueKey)) + (Failures.Count > 20 ? ", ..." : "") + ".";
        }

        return text;
    }
}
