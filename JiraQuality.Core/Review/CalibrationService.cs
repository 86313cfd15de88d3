using JiraQuality.Core.Storage;
using Microsoft.EntityFrameworkCore;

namespace JiraQuality.Core.Review;

/// <summary>
/// Calibration sessions: several reviewers score the same conversations blind (their reviews are stored apart from
/// ordinary reviews, under the session), then the session shows the spread per category and each reviewer against
/// the consensus.
/// </summary>
public sealed class CalibrationService(IDbContextFactory<JiraQualityDbContext> contexts, TimeProvider time)
{
    public const int MaxConversations = 50;

    /// <summary>Creates a session; a creator limited to some hubs (<paramref name="allowedHubs"/>) may only pick conversations in them.</summary>
    public async Task<(CalibrationSessionView? Session, string? Problem)> CreateAsync(string name, IReadOnlyCollection<string> issueKeys, IReadOnlyCollection<string> reviewerEmails, string actor, CancellationToken cancellationToken = default, string? allowedHubs = null)
    {
        var keys = issueKeys.Select(k => k.Trim()).Where(k => k.Length > 0).Distinct(StringComparer.Ordinal).ToList();
        var reviewers = reviewerEmails.Select(e => e.Trim().ToLowerInvariant()).Where(e => e.Length > 0).Distinct().ToList();
        if (string.IsNullOrWhiteSpace(name))
        {
            return (null, "name: give the session a name.");
        }

        if (keys.Count is 0 or > MaxConversations)
        {
            return (null, $"conversations: from 1 to {MaxConversations} issue keys.");
        }

        if (reviewers.Count < 2)
        {
            return (null, "reviewers: calibration needs at least two reviewers.");
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var known = await db.ProcessedConversations.Where(c => keys.Contains(c.IssueKey)).Select(c => c.IssueKey).ToListAsync(cancellationToken);
        var unknown = keys.Except(known, StringComparer.Ordinal).ToList();
        if (unknown.Count > 0)
        {
            return (null, $"conversations: not processed: {string.Join(", ", unknown)}.");
        }

        var inHubs = await InHubsAsync(db, keys, allowedHubs, cancellationToken);
        var outside = keys.Where(k => !inHubs.Contains(k)).ToList();
        if (outside.Count > 0)
        {
            return (null, $"conversations: outside your hubs: {string.Join(", ", outside)}.");
        }

        var session = new CalibrationSession
        {
            Id = Guid.NewGuid(),
            Name = name.Trim(),
            CreatedBy = actor,
            CreatedAtUtc = time.GetUtcNow().UtcDateTime,
            IssueKeys = string.Join(';', keys),
            Reviewers = string.Join(';', reviewers),
        };
        db.Set<CalibrationSession>().Add(session);
        await db.SaveChangesAsync(cancellationToken);
        return (ToView(session), null);
    }

    /// <summary>
    /// Closes a session for good: no review can be saved under it any more, so its figures are final. Only its creator or
    /// an admin may close it; closing a closed session changes nothing.
    /// </summary>
    public async Task<(CalibrationSessionView? Session, string? Problem)> CloseAsync(Guid id, string actor, bool actorIsAdmin, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var session = await db.Set<CalibrationSession>().FirstOrDefaultAsync(s => s.Id == id, cancellationToken);
        if (session is null)
        {
            return (null, "There is no such calibration session.");
        }

        if (!actorIsAdmin && !string.Equals(session.CreatedBy, actor, StringComparison.OrdinalIgnoreCase))
        {
            return (null, "Only the session's creator or an admin can close it.");
        }

        if (!session.Closed)
        {
            session.Closed = true;
            await db.SaveChangesAsync(cancellationToken);
        }

        return (ToView(session), null);
    }

    /// <summary>Why a review cannot be saved under <paramref name="context"/> (a session's id), or null when it can.</summary>
    internal static async Task<string?> ClosedProblemAsync(JiraQualityDbContext db, string context, CancellationToken cancellationToken)
    {
        if (context.Length == 0 || !Guid.TryParse(context, out var id))
        {
            return null;
        }

        var closed = await db.Set<CalibrationSession>().AsNoTracking().Where(s => s.Id == id).Select(s => (bool?)s.Closed).FirstOrDefaultAsync(cancellationToken);
        return closed == true ? "The calibration session is closed: its results are final and no review can be changed." : null;
    }

    /// <summary>The latest sessions; for a user limited to some hubs, only sessions whose every conversation is in them.</summary>
    public async Task<IReadOnlyList<CalibrationSessionView>> ListAsync(CancellationToken cancellationToken = default, string? allowedHubs = null)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var sessions = (await db.Set<CalibrationSession>().AsNoTracking().OrderByDescending(s => s.CreatedAtUtc).ToListAsync(cancellationToken)).Select(ToView).ToList();
        if (allowedHubs is not null)
        {
            var inHubs = await InHubsAsync(db, sessions.SelectMany(s => s.IssueKeys).Distinct(StringComparer.Ordinal).ToList(), allowedHubs, cancellationToken);
            sessions = sessions.Where(s => s.IssueKeys.All(inHubs.Contains)).ToList();
        }

        return sessions.Take(100).ToList();
    }

    /// <summary>Which of <paramref name="keys"/> are conversations in <paramref name="allowedHubs"/> (the rule of <see cref="Reporting.ConversationQueries.ConversationQueryable.InHubs"/>; null: every one).</summary>
    private static async Task<HashSet<string>> InHubsAsync(JiraQualityDbContext db, IReadOnlyCollection<string> keys, string? allowedHubs, CancellationToken cancellationToken)
    {
        if (allowedHubs is null)
        {
            return keys.ToHashSet(StringComparer.Ordinal);
        }

        var found = new HashSet<string>(StringComparer.Ordinal);
        foreach (var chunk in keys.Chunk(500))
        {
            found.UnionWith(await Reporting.ConversationQueries.ConversationQueryable.InHubs(db.ProcessedConversations.AsNoTracking(), allowedHubs)
                .Where(c => chunk.Contains(c.IssueKey)).Select(c => c.IssueKey).ToListAsync(cancellationToken));
        }

        return found;
    }

    /// <summary>The session's figures; the scores behind them are only read here, never shown per reviewer while it is open.</summary>
    /// <remarks>A user limited to some hubs (<paramref name="allowedHubs"/>) gets null for a session with a conversation outside them.</remarks>
    public async Task<CalibrationReport?> GetReportAsync(Guid id, CancellationToken cancellationToken = default, string? allowedHubs = null)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var session = await db.Set<CalibrationSession>().AsNoTracking().FirstOrDefaultAsync(s => s.Id == id, cancellationToken);
        if (session is null)
        {
            return null;
        }

        var keys = ToView(session).IssueKeys;
        if (allowedHubs is not null && (await InHubsAsync(db, keys, allowedHubs, cancellationToken)).Count < keys.Count)
        {
            return null;
        }

        var context = id.ToString();
        var reviews = await db.Set<ConversationReview>().AsNoTracking().Include(r => r.Scores).Where(r => r.Context == context).ToListAsync(cancellationToken);
        var scores = reviews.SelectMany(r => r.Scores.Where(s => s.Score is not null).Select(s => (r.IssueKey, Reviewer: r.ReviewerEmail, s.Category, Score: s.Score!.Value))).ToList();
        var groups = scores.GroupBy(s => (s.IssueKey, s.Category)).Where(g => g.Count() >= 2).ToList();

        var spread = groups.GroupBy(g => g.Key.Category).OrderBy(g => g.Key, StringComparer.Ordinal).Select(byCategory =>
        {
            var ranges = byCategory.Select(g => g.Max(s => s.Score) - g.Min(s => s.Score)).ToList();
            var deviations = byCategory.Select(g => StandardDeviation(g.Select(s => s.Score).ToList())).ToList();
            return new CategorySpread(byCategory.Key, ranges.Count, ranges.Average(), deviations.Average());
        }).ToList();

        var consensus = groups.ToDictionary(g => g.Key, g => g.Average(s => s.Score));
        var against = scores.Where(s => consensus.ContainsKey((s.IssueKey, s.Category))).GroupBy(s => s.Reviewer).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g =>
            {
                var differences = g.Select(s => Math.Abs(s.Score - consensus[(s.IssueKey, s.Category)])).ToList();
                return new ReviewerAgainstConsensus(g.Key, differences.Count, differences.Average(), (double)differences.Count(d => d < 0.5) / differences.Count);
            }).ToList();
        return new CalibrationReport(ToView(session), reviews.Count, spread, against);
    }

    /// <summary>Population standard deviation of the reviewers' scores of one category on one conversation.</summary>
    internal static double StandardDeviation(IReadOnlyList<double> values)
    {
        var mean = values.Average();
        return Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / values.Count);
    }

    private static CalibrationSessionView ToView(CalibrationSession s) => new(
        s.Id, s.Name, s.CreatedBy, DateTime.SpecifyKind(s.CreatedAtUtc, DateTimeKind.Utc),
        s.IssueKeys.Split(';', StringSplitOptions.RemoveEmptyEntries), s.Reviewers.Split(';', StringSplitOptions.RemoveEmptyEntries), s.Closed);
}
