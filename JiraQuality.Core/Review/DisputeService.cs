using System.Globalization;
using JiraQuality.Core.Reporting.ConversationQueries;
using JiraQuality.Core.Storage;
using Microsoft.EntityFrameworkCore;

namespace JiraQuality.Core.Review;

/// <summary>
/// Disputes of one AI or human score: opened with a reason, then accepted with a corrected score or rejected. Every
/// change is kept as an event; figures use the corrected score of an accepted dispute (an AI score is corrected in the
/// processed conversation, see <see cref="ScoreCorrections"/>; its original stays in the dispute).
/// </summary>
public sealed class DisputeService(IDbContextFactory<JiraQualityDbContext> contexts, ScorecardStore scorecards, TimeProvider time)
{
    public const int MaxReasonLength = 2000;
    public const string AiTarget = "AI";

    /// <summary>Disputes the AI's score of <paramref name="category"/> (when <paramref name="reviewId"/> is null) or a reviewer's.</summary>
    public async Task<DisputeResult> OpenAsync(string issueKey, string category, Guid? reviewId, string reason, string actor, CancellationToken cancellationToken = default)
    {
        reason = (reason ?? "").Trim();
        if (reason.Length == 0)
        {
            return new DisputeResult(null, "reason: say why the score is wrong.");
        }

        if (reason.Length > MaxReasonLength)
        {
            return new DisputeResult(null, $"reason: longer than {MaxReasonLength} characters.");
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        double? disputed;
        if (reviewId is { } id)
        {
            var score = await db.Set<ReviewScore>().AsNoTracking().FirstOrDefaultAsync(s => s.ReviewId == id && s.Category == category, cancellationToken);
            if (score is null)
            {
                return new DisputeResult(null, $"category: the review does not score '{category}'.");
            }

            disputed = score.Score;
        }
        else
        {
            var conversation = await db.ProcessedConversations.AsNoTracking().FirstOrDefaultAsync(c => c.IssueKey == issueKey, cancellationToken);
            if (conversation is null)
            {
                return new DisputeResult(null, $"issue_key: no processed conversation has the key '{issueKey}'.");
            }

            if (!AiCategories.IsAi(category) || AiCategories.ScoreOf(category, conversation) is not { } ai)
            {
                return new DisputeResult(null, $"category: the AI gave no {category} on {issueKey}.");
            }

            disputed = ai;
        }

        if (await db.Set<ScoreDispute>().AnyAsync(d => d.IssueKey == issueKey && d.Category == category && d.ReviewId == reviewId && d.State == DisputeStates.Open, cancellationToken))
        {
            return new DisputeResult(null, "This score is already disputed; the open dispute must be resolved first.");
        }

        var now = time.GetUtcNow().UtcDateTime;
        var dispute = new ScoreDispute
        {
            Id = Guid.NewGuid(),
            IssueKey = issueKey,
            Category = category,
            ReviewId = reviewId,
            DisputedScore = disputed,
            Reason = reason,
            OpenedBy = actor,
            OpenedAtUtc = now,
        };
        db.Set<ScoreDispute>().Add(dispute);
        db.Set<ScoreDisputeEvent>().Add(new ScoreDisputeEvent { DisputeId = dispute.Id, AtUtc = now, Actor = actor, State = DisputeStates.Open, Note = reason });
        await db.SaveChangesAsync(cancellationToken);
        return new DisputeResult(await GetAsync(dispute.Id, cancellationToken), null);
    }

    /// <summary>Accepts (with <paramref name="correctedScore"/>) or rejects an open dispute.</summary>
    public async Task<DisputeResult> ResolveAsync(Guid id, bool accept, double? correctedScore, string? note, string actor, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var dispute = await db.Set<ScoreDispute>().FirstOrDefaultAsync(d => d.Id == id, cancellationToken);
        if (dispute is null)
        {
            return new DisputeResult(null, "There is no such dispute.");
        }

        if (dispute.State != DisputeStates.Open)
        {
            return new DisputeResult(null, $"The dispute is already {dispute.State}.");
        }

        if (accept)
        {
            var scale = await ScaleOfAsync(db, dispute, cancellationToken);
            if (correctedScore is not { } corrected || !ScorecardScales.IsValidScore(scale, corrected))
            {
                return new DisputeResult(null, scale == ScorecardScales.PassFail
                    ? "corrected score: give pass or fail."
                    : $"corrected score: give a whole number from 1 to 5{(correctedScore is { } c ? $", got {c.ToString(CultureInfo.InvariantCulture)}" : "")}.");
            }

            dispute.CorrectedScore = corrected;
            if (dispute.ReviewId is null)
            {
                // The AI's score is replaced where every figure reads it; saving refreshes the rollup hour in the same transaction.
                var conversation = await db.ProcessedConversations.FirstOrDefaultAsync(c => c.IssueKey == dispute.IssueKey, cancellationToken);
                if (conversation is not null)
                {
                    ScoreCorrections.Apply(conversation, dispute.Category, corrected);
                }
            }
        }

        var now = time.GetUtcNow().UtcDateTime;
        dispute.State = accept ? DisputeStates.Accepted : DisputeStates.Rejected;
        dispute.ResolvedBy = actor;
        dispute.ResolvedAtUtc = now;
        dispute.ResolutionNote = string.IsNullOrWhiteSpace(note) ? null : note.Trim();
        db.Set<ScoreDisputeEvent>().Add(new ScoreDisputeEvent { DisputeId = dispute.Id, AtUtc = now, Actor = actor, State = dispute.State, CorrectedScore = dispute.CorrectedScore, Note = dispute.ResolutionNote });
        await db.SaveChangesAsync(cancellationToken);
        return new DisputeResult(await GetAsync(dispute.Id, cancellationToken), null);
    }

    public async Task<DisputeView?> GetAsync(Guid id, CancellationToken cancellationToken = default) =>
        (await ListAsync(d => d.Id == id, cancellationToken)).SingleOrDefault();

    /// <summary>Disputes in a state (all when null), newest first; only those of conversations in <paramref name="allowedHubs"/> when given.</summary>
    public async Task<IReadOnlyList<DisputeView>> ListAsync(string? state, CancellationToken cancellationToken = default, string? allowedHubs = null)
    {
        if (allowedHubs is null)
        {
            return await ListAsync(d => state == null || d.State == state, cancellationToken);
        }

        List<string> keys;
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            var inHubs = db.ProcessedConversations.AsNoTracking().InHubs(allowedHubs);
            keys = await db.Set<ScoreDispute>().AsNoTracking()
                .Where(d => (state == null || d.State == state) && inHubs.Any(c => c.IssueKey == d.IssueKey))
                .Select(d => d.IssueKey).Distinct().ToListAsync(cancellationToken);
        }

        return await ListAsync(d => (state == null || d.State == state) && keys.Contains(d.IssueKey), cancellationToken);
    }

    public Task<IReadOnlyList<DisputeView>> ListForConversationAsync(string issueKey, CancellationToken cancellationToken = default) =>
        ListAsync(d => d.IssueKey == issueKey, cancellationToken);

    private async Task<IReadOnlyList<DisputeView>> ListAsync(System.Linq.Expressions.Expression<Func<ScoreDispute, bool>> filter, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var disputes = await db.Set<ScoreDispute>().AsNoTracking().Where(filter).OrderByDescending(d => d.OpenedAtUtc).Take(500).ToListAsync(cancellationToken);
        var ids = disputes.Select(d => d.Id).ToList();
        var events = (await db.Set<ScoreDisputeEvent>().AsNoTracking().Where(e => ids.Contains(e.DisputeId)).ToListAsync(cancellationToken))
            .OrderBy(e => e.Id).ToLookup(e => e.DisputeId);
        var reviewers = await db.Set<ConversationReview>().AsNoTracking()
            .Where(r => disputes.Select(d => d.ReviewId).Contains(r.Id))
            .ToDictionaryAsync(r => r.Id, r => r.ReviewerEmail, cancellationToken);
        return disputes.Select(d => new DisputeView(
            d.Id, d.IssueKey, d.Category, d.ReviewId,
            d.ReviewId is { } r ? reviewers.GetValueOrDefault(r, "a reviewer") : AiTarget,
            d.DisputedScore, d.Reason, d.State, d.CorrectedScore, d.OpenedBy, Utc(d.OpenedAtUtc), d.ResolvedBy,
            d.ResolvedAtUtc is { } resolved ? Utc(resolved) : null, d.ResolutionNote,
            events[d.Id].Select(e => new DisputeEventView(Utc(e.AtUtc), e.Actor, e.State, e.CorrectedScore, e.Note)).ToList())).ToList();
    }

    private async Task<string> ScaleOfAsync(JiraQualityDbContext db, ScoreDispute dispute, CancellationToken cancellationToken)
    {
        if (dispute.ReviewId is not { } reviewId)
        {
            return ScorecardScales.OneToFive;
        }

        var version = await db.Set<ConversationReview>().Where(r => r.Id == reviewId).Select(r => r.ScorecardVersion).FirstOrDefaultAsync(cancellationToken);
        var scorecard = await scorecards.GetVersionAsync(version, cancellationToken);
        return scorecard?.Find(dispute.Category)?.Scale ?? ScorecardScales.OneToFive;
    }

    private static DateTime Utc(DateTime value) => DateTime.SpecifyKind(value, DateTimeKind.Utc);
}
