using System.Globalization;
using JiraQuality.Core.Review;

namespace JiraQuality.Web.Features.Review;

/// <summary>The comments of a review being written: those added so far, the one being typed and the message it is about.</summary>
public sealed class ReviewDraft
{
    public List<ReviewCommentInput> Comments { get; } = [];

    public string? Comment { get; set; }

    /// <summary>The index of the message the typed comment is about, as the select holds it; empty for the whole conversation.</summary>
    public string? Anchor { get; set; } = "";

    /// <summary>Starts again from a saved review's comments (none for a new review).</summary>
    public void Reset(IEnumerable<ReviewCommentInput> saved)
    {
        Comments.Clear();
        Comments.AddRange(saved);
        Comment = null;
        Anchor = "";
    }

    /// <summary>Adds the typed comment (trimmed) about the chosen message; false when nothing is typed.</summary>
    public bool AddComment()
    {
        if (string.IsNullOrWhiteSpace(Comment))
        {
            return false;
        }

        Comments.Add(new ReviewCommentInput(AnchorIndex(), Comment.Trim()));
        Comment = null;
        return true;
    }

    /// <summary>The comments to save: a comment typed but not added yet is saved with the review rather than lost.</summary>
    public List<ReviewCommentInput> WithTypedComment() =>
        string.IsNullOrWhiteSpace(Comment) ? Comments.ToList() : [.. Comments, new ReviewCommentInput(AnchorIndex(), Comment)];

    private int? AnchorIndex() => int.TryParse(Anchor, NumberStyles.Integer, CultureInfo.InvariantCulture, out var index) ? index : null;
}
