namespace JiraQuality.Core.Review;

/// <summary>Bound from the <c>Review</c> section.</summary>
public sealed class ReviewOptions
{
    public const string SectionName = "Review";

    /// <summary>
    /// Hide the AI's scores and reasons from a reviewer until they have submitted their own review of the conversation,
    /// so the AI's figures do not anchor theirs.
    /// </summary>
    public bool HideAiScoresUntilSubmitted { get; set; } = true;

    /// <summary>Rows a <c>review import</c> file may hold.</summary>
    public int MaxImportRows { get; set; } = 100_000;
}
