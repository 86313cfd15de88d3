using System.Globalization;
using JiraQuality.Core.Scoring.Processing;
using JiraQuality.Core.Storage;
using Microsoft.EntityFrameworkCore;

namespace JiraQuality.Core.Review;

/// <summary>Saves and reads reviews of conversations.</summary>
public sealed class ReviewService(IDbContextFactory<JiraQualityDbContext> contexts, ScorecardStore scorecards, TimeProvider time, Microsoft.Extensions.Options.IOptions<ReviewOptions> options)
{
    public const int MaxCommentLength = 4000;

    /// <summary><see cref="ReviewOptions.HideAiScoresUntilSubmitted"/>, for the pages.</summary>
    public bool HideAiScoresUntilSubmitted => options.Value.HideAiScoresUntilSubmitted;

    public async Task<ReviewView?> GetAsync(string issueKey, string reviewerId, string context = "", CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var review = await db.Set<ConversationReview>().AsNoTracking().Include(r => r.Scores).Include(r => r.Comments)
            .FirstOrDefaultAsync(r => r.IssueKey == issueKey && r.ReviewerId == reviewerId && r.Context == context, cancellationToken);
        return review is null ? null : ToView(review);
    }

    /// <summary>Every ordinary review of a conversation, oldest first.</summary>
    public async Task<IReadOnlyList<ReviewView>> ListForConversationAsync(string issueKey, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var reviews = await db.Set<ConversationReview>().AsNoTracking().Include(r => r.Scores).Include(r => r.Comments)
            .Where(r => r.IssueKey == issueKey && r.Context == "")
            .OrderBy(r => r.CreatedAtUtc).ThenBy(r => r.ReviewerEmail)
            .ToListAsync(cancellationToken);
        return reviews.Select(ToView).ToList();
    }

    /// <summary>Checks <paramref name="submission"/> against its scorecard version and stores it (one review per reviewer and conversation).</summary>
    public async Task<ReviewSaveResult> SaveAsync(ReviewSubmission submission, CancellationToken cancellationToken = default)
    {
        var scorecard = await scorecards.GetVersionAsync(submission.ScorecardVersion, cancellationToken);
        if (scorecard is null)
        {
            return Invalid($"scorecard: version {submission.ScorecardVersion} does not exist.");
        }

        var problems = Check(scorecard, submission);
        if (problems.Count > 0)
        {
            return new ReviewSaveResult(ReviewSaveOutcome.Invalid, null, problems);
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var conversation = await db.ProcessedConversations.AsNoTracking().FirstOrDefaultAsync(c => c.IssueKey == submission.IssueKey, cancellationToken);
        if (conversation is null)
        {
            return Invalid($"issue_key: no processed conversation has the key '{submission.IssueKey}'.");
        }

        if (await CalibrationService.ClosedProblemAsync(db, submission.Context, cancellationToken) is { } closed)
        {
            return Invalid(closed);
        }

        var (outcome, review) = await StoreAsync(db, scorecard, conversation, submission, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        return new ReviewSaveResult(outcome, ToView(review), []);
    }

    /// <summary>Adds or updates the review in <paramref name="db"/> without saving, so a caller can store many in one transaction.</summary>
    internal async Task<(ReviewSaveOutcome Outcome, ConversationReview Review)> StoreAsync(
        JiraQualityDbContext db, Scorecard scorecard, ProcessedConversation conversation, ReviewSubmission submission, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var comments = NormalisedComments(submission.Comments);
        var review = await db.Set<ConversationReview>().Include(r => r.Scores).Include(r => r.Comments)
            .FirstOrDefaultAsync(r => r.IssueKey == submission.IssueKey && r.ReviewerId == submission.ReviewerId && r.Context == submission.Context, cancellationToken);
        var wanted = submission.Scores
            .Select(s => (Category: scorecard.Find(s.Key)!.Key, s.Value))
            .OrderBy(s => s.Category, StringComparer.Ordinal)
            .ToList();
        if (review is not null
            && review.ScorecardVersion == submission.ScorecardVersion
            && review.Comments.OrderBy(c => c.Id).Select(c => (c.MessageIndex, c.Text)).SequenceEqual(comments)
            && review.Scores.Count == wanted.Count
            && wanted.All(w => review.Scores.Any(s => s.Category == w.Category && s.Score == w.Value)))
        {
            return (ReviewSaveOutcome.Unchanged, review);
        }

        var outcome = review is null ? ReviewSaveOutcome.Created : ReviewSaveOutcome.Updated;
        if (review is null)
        {
            review = new ConversationReview
            {
                Id = Guid.NewGuid(),
                IssueKey = submission.IssueKey,
                ReviewerId = submission.ReviewerId,
                Context = submission.Context,
                CreatedAtUtc = now,
            };
            db.Set<ConversationReview>().Add(review);
        }
        else
        {
            var dropped = review.Scores.Where(s => !wanted.Any(w => w.Category == s.Category)).ToList();
            db.Set<ReviewScore>().RemoveRange(dropped);
            review.Scores.RemoveAll(dropped.Contains);
        }

        review.ReviewerEmail = submission.ReviewerEmail;
        review.ScorecardVersion = submission.ScorecardVersion;
        review.Source = submission.Source;
        review.UpdatedAtUtc = now;

        // The submission holds the review's whole list of comments: comments kept as they were keep their time.
        var stored = review.Comments.OrderBy(c => c.Id).ToList();
        if (!stored.Select(c => (c.MessageIndex, c.Text)).SequenceEqual(comments))
        {
            var kept = stored.Zip(comments).TakeWhile(p => (p.First.MessageIndex, p.First.Text) == p.Second).Count();
            var removed = stored.Skip(kept).ToList();
            db.Set<ReviewComment>().RemoveRange(removed);
            review.Comments.RemoveAll(removed.Contains);
            foreach (var (messageIndex, text) in comments.Skip(kept))
            {
                var row = new ReviewComment { ReviewId = review.Id, MessageIndex = messageIndex, Text = text, CreatedAtUtc = now };
                review.Comments.Add(row);
                if (outcome == ReviewSaveOutcome.Updated)
                {
                    db.Set<ReviewComment>().Add(row);
                }
            }
        }

        // The AI's figures as they are now: the pairs for agreement are made with the scores the reviewer saw.
        review.AiScorerKind = conversation.ScorerKind;
        review.AiScorerVersion = conversation.ScorerVersion;
        review.AiModel = conversation.Model;
        review.AiPromptVersion = conversation.PromptVersion;
        review.Agent = conversation.PrimaryAgent;
        review.Hub = conversation.Hub;
        foreach (var (category, score) in wanted)
        {
            var row = review.Scores.FirstOrDefault(s => s.Category == category);
            if (row is null)
            {
                row = new ReviewScore { ReviewId = review.Id, Category = category };
                review.Scores.Add(row);
                if (outcome == ReviewSaveOutcome.Updated)
                {
                    db.Set<ReviewScore>().Add(row);
                }
            }

            row.Score = score;
            row.AiScore = AiCategories.ScoreOf(category, conversation);
        }

        // A score corrected by an accepted dispute pairs with the AI's own score, which the dispute keeps.
        foreach (var (category, original) in await ScoreCorrections.OriginalAiScoresAsync(db, conversation.IssueKey, cancellationToken))
        {
            if (review.Scores.FirstOrDefault(s => s.Category == category) is { } corrected)
            {
                corrected.AiScore = original;
            }
        }

        review.Total = ReviewTotals.Compute(scorecard, wanted.Select(w => (w.Category, w.Value)));
        return (outcome, review);
    }

    /// <summary>What is wrong with a submission, each problem naming the category.</summary>
    public static IReadOnlyList<string> Check(Scorecard scorecard, ReviewSubmission submission)
    {
        var problems = new List<string>();
        foreach (var (key, score) in submission.Scores)
        {
            if (scorecard.Find(key) is not { } category)
            {
                problems.Add($"category: '{key}' is not on scorecard version {scorecard.Version}.");
            }
            else if (score is null && !category.NotApplicableAllowed)
            {
                problems.Add($"{category.Name}: N/A is not allowed.");
            }
            else if (score is { } value && !ScorecardScales.IsValidScore(category.Scale, value))
            {
                problems.Add(category.Scale == ScorecardScales.PassFail
                    ? $"{category.Name}: the score must be pass or fail."
                    : $"{category.Name}: the score must be a whole number from 1 to 5, got {value.ToString(CultureInfo.InvariantCulture)}.");
            }
        }

        if (submission.EveryCategoryRequired)
        {
            foreach (var category in scorecard.Categories.Where(c => !submission.Scores.Keys.Contains(c.Key, StringComparer.OrdinalIgnoreCase)))
            {
                problems.Add($"{category.Name}: not scored yet.");
            }
        }
        else if (submission.Scores.Count == 0)
        {
            problems.Add("The review scores no category.");
        }

        foreach (var (comment, number) in (submission.Comments ?? []).Select((c, i) => (c, i + 1)))
        {
            if (comment.Text.Trim() is { Length: > MaxCommentLength })
            {
                problems.Add($"comment {number}: longer than {MaxCommentLength} characters.");
            }

            if (comment.MessageIndex is < 0)
            {
                problems.Add($"comment {number}: the message number must not be negative.");
            }
        }

        return problems;
    }

    internal static ReviewView ToView(ConversationReview review) => new(
        review.Id,
        review.IssueKey,
        review.ReviewerEmail,
        review.ScorecardVersion,
        review.Total,
        review.Comments.OrderBy(c => c.Id).Select(c => new ReviewCommentView(c.MessageIndex, c.Text, DateTime.SpecifyKind(c.CreatedAtUtc, DateTimeKind.Utc))).ToList(),
        review.Source,
        DateTime.SpecifyKind(review.CreatedAtUtc, DateTimeKind.Utc),
        DateTime.SpecifyKind(review.UpdatedAtUtc, DateTimeKind.Utc),
        review.Scores.OrderBy(s => s.Category, StringComparer.Ordinal).Select(s => new ReviewCategoryScore(s.Category, s.Score, s.AiScore)).ToList());

    /// <summary>The comments to store, in order: trimmed, blank ones left out.</summary>
    private static List<(int? MessageIndex, string Text)> NormalisedComments(IReadOnlyList<ReviewCommentInput>? comments) =>
        (comments ?? []).Where(c => !string.IsNullOrWhiteSpace(c.Text)).Select(c => (c.MessageIndex, c.Text.Trim())).ToList();

    private static ReviewSaveResult Invalid(string problem) => new(ReviewSaveOutcome.Invalid, null, [problem]);
}
