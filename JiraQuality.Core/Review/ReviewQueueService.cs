using JiraQuality.Core.Identity;
using JiraQuality.Core.Reporting.ConversationQueries;
using JiraQuality.Core.Scoring.Processing;
using JiraQuality.Core.Storage;
using Microsoft.EntityFrameworkCore;

namespace JiraQuality.Core.Review;

/// <summary>
/// Review queues: an assignment gives a reviewer a sample of conversations (from a period and a sampling filter) that
/// they have not reviewed yet; progress counts the ones they have reviewed since.
/// </summary>
public sealed class ReviewQueueService(IDbContextFactory<JiraQualityDbContext> contexts, TimeProvider time)
{
    public const int MaxSize = 500;

    public async Task<AssignmentResult> CreateAsync(AssignmentRequest request, string actor, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(request.Name))
        {
            return new AssignmentResult(null, "name: give the assignment a name.");
        }

        if (!ReviewSampling.All.Contains(request.Sampling))
        {
            return new AssignmentResult(null, $"sampling: one of {string.Join(", ", ReviewSampling.All)}.");
        }

        if (request.Size is < 1 or > MaxSize)
        {
            return new AssignmentResult(null, $"size: a whole number from 1 to {MaxSize}.");
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var email = request.ReviewerEmail.Trim();
        var reviewer = await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.NormalizedEmail == email.ToUpperInvariant(), cancellationToken);
        if (reviewer is null)
        {
            return new AssignmentResult(null, $"reviewer: no user has the e-mail '{email}'.");
        }

        var reviewerRoles = Policies.RolesFor(Policies.Reviewer);
        var mayReview = await (from link in db.UserRoles
                               join role in db.Roles on link.RoleId equals role.Id
                               where link.UserId == reviewer.Id && reviewerRoles.Contains(role.Name!)
                               select link).AnyAsync(cancellationToken);
        if (!mayReview)
        {
            return new AssignmentResult(null, $"reviewer: {email} may not review (analysts and admins review).");
        }

        // A reviewer limited to some hubs is only given conversations they can open.
        var candidates = db.ProcessedConversations.AsNoTracking()
            .InHubs(HubScope.Normalize(reviewer.AllowedHubs))
            .Where(c => !db.Set<ConversationReview>().Any(r => r.IssueKey == c.IssueKey && r.ReviewerId == reviewer.Id && r.Context == ""));
        if (request.FromUtc is { } from)
        {
            candidates = candidates.Where(c => c.ReferenceUtc >= from);
        }

        if (request.ToUtc is { } to)
        {
            candidates = candidates.Where(c => c.ReferenceUtc < to);
        }

        candidates = request.Sampling switch
        {
            ReviewSampling.CustomerAbuse => candidates.Where(c => c.CustomerAbuseDetected),
            ReviewSampling.SlaBreach => candidates.Where(c => c.InitialResponseSla15m == false),
            ReviewSampling.Unresolved => candidates.Where(c => c.Resolved == false),
            ReviewSampling.Escalated => candidates.Where(c => c.EscalatedTier1ToTier2 || c.HandedOverFromTier1),
            ReviewSampling.LowestAiScores => candidates.Where(c => c.ConversationScore != null),
            ReviewSampling.ScorerDisagreement => candidates.Where(c => c.ScorerKind == Scoring.Scorers.ScorerKinds.Llm && (c.HeuristicRating != null || c.HeuristicAgentScore != null)),
            _ => candidates,
        };
        var ordered = request.Sampling switch
        {
            ReviewSampling.LowestAiScores => candidates.OrderBy(c => c.ConversationScore).ThenBy(c => c.IssueKey),
            ReviewSampling.ScorerDisagreement => ByDisagreement(candidates),
            _ => candidates.OrderBy(c => EF.Functions.Random()),
        };
        var keys = await ordered.Select(c => c.IssueKey).Take(request.Size).ToListAsync(cancellationToken);
        if (keys.Count == 0)
        {
            return new AssignmentResult(null, "No conversation in the period matches the sampling that the reviewer has not reviewed yet.");
        }

        var assignment = new ReviewAssignment
        {
            Id = Guid.NewGuid(),
            Name = request.Name.Trim(),
            ReviewerId = reviewer.Id,
            ReviewerEmail = reviewer.Email ?? email,
            Sampling = request.Sampling,
            CreatedBy = actor,
            CreatedAtUtc = time.GetUtcNow().UtcDateTime,
            Items = keys.Select((key, i) => new ReviewAssignmentItem { IssueKey = key, Position = i }).ToList(),
        };
        db.Set<ReviewAssignment>().Add(assignment);
        await db.SaveChangesAsync(cancellationToken);
        return new AssignmentResult((await ListAsync(a => a.Id == assignment.Id, cancellationToken)).Single(), null);
    }

    /// <summary>
    /// LLM-scored conversations whose stored heuristic cross-check is at least <see cref="ReviewSampling.DisagreementPoints"/>
    /// away from the LLM on the rating or the agent score, the largest gap first. The heuristic's figures are stored when
    /// the LLM scores (it is deterministic and costs microseconds beside the call), so sampling stays one query.
    /// </summary>
    private static IOrderedQueryable<ProcessedConversation> ByDisagreement(IQueryable<ProcessedConversation> candidates) =>
        candidates
            .Where(c => Math.Abs((c.ConversationRating - c.HeuristicRating) ?? 0) >= ReviewSampling.DisagreementPoints
                || Math.Abs((c.AgentScore - c.HeuristicAgentScore) ?? 0) >= ReviewSampling.DisagreementPoints)
            .OrderByDescending(c => Math.Abs((c.ConversationRating - c.HeuristicRating) ?? 0) > Math.Abs((c.AgentScore - c.HeuristicAgentScore) ?? 0)
                ? Math.Abs((c.ConversationRating - c.HeuristicRating) ?? 0)
                : Math.Abs((c.AgentScore - c.HeuristicAgentScore) ?? 0))
            .ThenBy(c => c.IssueKey);

    /// <summary>A reviewer's queue: their assignments, newest first, with what they have reviewed.</summary>
    public Task<IReadOnlyList<AssignmentProgress>> ForReviewerAsync(string reviewerId, CancellationToken cancellationToken = default) =>
        ListAsync(a => a.ReviewerId == reviewerId, cancellationToken);

    public Task<IReadOnlyList<AssignmentProgress>> AllAsync(CancellationToken cancellationToken = default) => ListAsync(_ => true, cancellationToken);

    private async Task<IReadOnlyList<AssignmentProgress>> ListAsync(System.Linq.Expressions.Expression<Func<ReviewAssignment, bool>> filter, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var assignments = await db.Set<ReviewAssignment>().AsNoTracking().Include(a => a.Items).Where(filter)
            .OrderByDescending(a => a.CreatedAtUtc).Take(200).ToListAsync(cancellationToken);
        var result = new List<AssignmentProgress>();
        foreach (var assignment in assignments)
        {
            var keys = assignment.Items.Select(i => i.IssueKey).ToList();
            var reviewed = (await db.Set<ConversationReview>().AsNoTracking()
                .Where(r => r.ReviewerId == assignment.ReviewerId && r.Context == "" && keys.Contains(r.IssueKey))
                .Select(r => r.IssueKey).ToListAsync(cancellationToken)).ToHashSet(StringComparer.Ordinal);
            result.Add(new AssignmentProgress(
                assignment.Id, assignment.Name, assignment.ReviewerEmail, assignment.Sampling, assignment.CreatedBy,
                DateTime.SpecifyKind(assignment.CreatedAtUtc, DateTimeKind.Utc),
                assignment.Items.OrderBy(i => i.Position).Select(i => new AssignmentItemView(i.IssueKey, reviewed.Contains(i.IssueKey))).ToList()));
        }

        return result;
    }
}
