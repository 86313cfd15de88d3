using System.Globalization;

namespace JiraQuality.Core.Review;

/// <summary>Writes every ordinary review as CSV, one row per category, in the columns <c>review import</c> reads (and more).</summary>
/// <summary>A review's comments in the CSV's one comment column: one a line, an anchored one led by its message number.</summary>
internal static class ReviewCommentColumn
{
    public static string Join(IEnumerable<ReviewCommentInput> comments) =>
        string.Join("\n", comments.Select(c => c.MessageIndex is { } index ? $"[message #{index.ToString(CultureInfo.InvariantCulture)}] {c.Text}" : c.Text));
}
