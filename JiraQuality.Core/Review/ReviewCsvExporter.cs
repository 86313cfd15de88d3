using System.Globalization;
using CsvHelper;
using JiraQuality.Core.Reporting.Exports;
using JiraQuality.Core.Storage;
using Microsoft.EntityFrameworkCore;

namespace JiraQuality.Core.Review;

public sealed class ReviewCsvExporter(IDbContextFactory<JiraQualityDbContext> contexts, ScorecardStore scorecards)
{
    public static readonly IReadOnlyList<string> Columns =
        ["issue_key", "reviewer", "category", "score", "comment", "scorecard_version", "ai_score", "total", "source", "reviewed_at_utc"];

    /// <summary>Writes the reviews and returns how many reviews (not rows) were written.</summary>
    public async Task<int> ExportAsync(TextWriter output, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var versions = new Dictionary<int, Scorecard?>();
        await using var csv = new CsvWriter(output, SpreadsheetSafeCsv.WriterConfiguration(), leaveOpen: true);
        foreach (var column in Columns)
        {
            csv.WriteField(column);
        }

        await csv.NextRecordAsync();
        var count = 0;
        await foreach (var review in db.Set<ConversationReview>().AsNoTracking().Include(r => r.Scores).Include(r => r.Comments).Where(r => r.Context == "")
            .OrderBy(r => r.IssueKey).ThenBy(r => r.ReviewerEmail).AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            if (!versions.TryGetValue(review.ScorecardVersion, out var scorecard))
            {
                versions[review.ScorecardVersion] = scorecard = await scorecards.GetVersionAsync(review.ScorecardVersion, cancellationToken);
            }

            foreach (var score in review.Scores.OrderBy(s => scorecard?.Categories.ToList().FindIndex(c => c.Key == s.Category) ?? 0))
            {
                var scale = scorecard?.Find(score.Category)?.Scale ?? ScorecardScales.OneToFive;
                csv.WriteField(review.IssueKey);
                csv.WriteField(review.ReviewerEmail);
                csv.WriteField(score.Category);
                csv.WriteField(score.Score is null ? "n/a" : ScorecardScales.Display(scale, score.Score));
                csv.WriteField(ReviewCommentColumn.Join(review.Comments.OrderBy(c => c.Id).Select(c => new ReviewCommentInput(c.MessageIndex, c.Text))));
                csv.WriteField(review.ScorecardVersion);
                csv.WriteField(score.AiScore?.ToString("0.##", CultureInfo.InvariantCulture) ?? "");
                csv.WriteField(review.Total?.ToString("0.#", CultureInfo.InvariantCulture) ?? "");
                csv.WriteField(review.Source);
                csv.WriteField(DateTime.SpecifyKind(review.UpdatedAtUtc, DateTimeKind.Utc).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture));
                await csv.NextRecordAsync();
            }

            count++;
        }

        await csv.FlushAsync();
        return count;
    }
}
