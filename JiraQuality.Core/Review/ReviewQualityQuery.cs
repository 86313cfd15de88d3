using JiraQuality.Core.Reporting.ConversationQueries;
using JiraQuality.Core.Storage;
using Microsoft.EntityFrameworkCore;

namespace JiraQuality.Core.Review;

/// <summary>
/// Internal and auto quality scores per agent (the conversation's primary agent) and per team (its hub). Accepted
/// disputes count: a corrected human score replaces the reviewer's in the review's total, a corrected AI agent score
/// replaces the AI's.
/// </summary>
public sealed class ReviewQualityQuery(IDbContextFactory<JiraQualityDbContext> contexts, ScorecardStore scorecards)
{
    public const string NoAgent = "(no agent)";
    public const string NoTeam = "(no hub)";

    /// <param name="allowedHubs">The user's hubs (<see cref="Identity.HubScope"/>); null for every hub.</param>
    public async Task<QualityReport> GetAsync(DateTime? fromUtc, DateTime? toUtc, CancellationToken cancellationToken = default, string? allowedHubs = null)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var reviews = db.Set<ConversationReview>().AsNoTracking().Include(r => r.Scores).Where(r => r.Context == "").InHubsOf(db, allowedHubs);
        var conversations = db.ProcessedConversations.AsNoTracking().InHubs(allowedHubs);
        if (fromUtc is { } from)
        {
            reviews = reviews.Where(r => r.UpdatedAtUtc >= from);
            conversations = conversations.Where(c => c.ReferenceUtc >= from);
        }

        if (toUtc is { } to)
        {
            reviews = reviews.Where(r => r.UpdatedAtUtc < to);
            conversations = conversations.Where(c => c.ReferenceUtc < to);
        }

        var reviewed = await reviews.ToListAsync(cancellationToken);
        var accepted = await db.Set<ScoreDispute>().AsNoTracking().Where(d => d.State == DisputeStates.Accepted && d.ReviewId != null).ToListAsync(cancellationToken);
        var totals = new List<(string? Agent, string? Hub, double? Total)>();
        var versions = new Dictionary<int, Scorecard?>();
        foreach (var review in reviewed)
        {
            var corrections = accepted.Where(d => d.ReviewId == review.Id).ToDictionary(d => d.Category, d => d.CorrectedScore);
            var total = review.Total;
            if (corrections.Count > 0)
            {
                if (!versions.TryGetValue(review.ScorecardVersion, out var scorecard))
                {
                    versions[review.ScorecardVersion] = scorecard = await scorecards.GetVersionAsync(review.ScorecardVersion, cancellationToken);
                }

                if (scorecard is not null)
                {
                    total = ReviewTotals.Compute(scorecard, review.Scores.Select(s => (s.Category, corrections.TryGetValue(s.Category, out var corrected) ? corrected : s.Score)));
                }
            }

            totals.Add((review.Agent, review.Hub, total));
        }

        // An accepted correction of the AI's agent score is already in the conversation (ScoreCorrections).
        var autoScores = (await conversations.Where(c => c.AgentScore != null)
            .Select(c => new { c.PrimaryAgent, c.Hub, c.AgentScore })
            .ToListAsync(cancellationToken))
            .Select(c => (c.PrimaryAgent, c.Hub, Score: c.AgentScore!.Value)).ToList();

        return new QualityReport(
            Rows(totals.Select(t => (t.Agent ?? NoAgent, t.Total)), autoScores.Select(a => (a.PrimaryAgent ?? NoAgent, a.Score))),
            Rows(totals.Select(t => (t.Hub ?? NoTeam, t.Total)), autoScores.Select(a => (a.Hub ?? NoTeam, a.Score))));
    }

    private static List<QualityRow> Rows(IEnumerable<(string Name, double? Total)> reviews, IEnumerable<(string Name, double Score)> scored)
    {
        var reviewsByName = reviews.ToLookup(r => r.Name);
        var scoredByName = scored.ToLookup(s => s.Name);
        return reviewsByName.Select(g => g.Key).Union(scoredByName.Select(g => g.Key))
            .Select(name =>
            {
                var totals = reviewsByName[name].Where(r => r.Total is not null).Select(r => r.Total!.Value).ToList();
                var scores = scoredByName[name].Select(s => s.Score).ToList();
                return new QualityRow(
                    name,
                    reviewsByName[name].Count(),
                    totals.Count == 0 ? null : Math.Round(totals.Average(), 1),
                    scores.Count,
                    scores.Count == 0 ? null : Math.Round(scores.Average(s => (s - 1) / 4 * 100), 1));
            })
            .OrderByDescending(r => r.Reviews).ThenBy(r => r.Name, StringComparer.Ordinal)
            .ToList();
    }
}
