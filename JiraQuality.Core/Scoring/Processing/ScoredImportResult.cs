namespace JiraQuality.Core.Scoring.Processing;

public sealed record ScoredImportResult(string File, string Layout, int Imported, int SkippedBlank, int SkippedExisting)
{
    public string Describe() =>
        $"Imported {Imported} scored conversations from {File} ({Layout}); skipped {SkippedBlank} rows without an issue key and {SkippedExisting} already scored here.";
}
