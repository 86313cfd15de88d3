using System.ComponentModel.DataAnnotations;

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
    [Range(1, 10_000_000, ErrorMessage = "Review:MaxImportRows must be a whole number from 1 to 10000000.")]
    public int MaxImportRows { get; set; } = 100_000;
}
