namespace JiraQuality.Core.Review;

/// <summary>What a <c>review import</c> did. Problems name the file's line; a skipped review stores none of its rows.</summary>
public sealed record ReviewImportResult(
    int Rows,
    int Created,
    int Updated,
    int Unchanged,
    int ReviewersCreated,
    int RowsSkipped,
    IReadOnlyList<string> Problems)
{
    /// <summary>Every row was read and stored (or already stored as it is).</summary>
    public bool Succeeded => Problems.Count == 0 && Rows > 0;
}
