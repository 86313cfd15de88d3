using JiraQuality.Core.Identity;
using JiraQuality.Core.Storage;
using Microsoft.EntityFrameworkCore;

namespace JiraQuality.Core.Review;

/// <summary>
/// Reads and saves the scorecard. Saving never edits a version: it adds the next one, so every review keeps the
/// categories it was scored on. With nothing saved yet, the defaults are version 1.
/// </summary>
public sealed class ScorecardStore(IDbContextFactory<JiraQualityDbContext> contexts, AuditLog audit, TimeProvider time)
{
    public const string DefaultAuthor = "default";

    public async Task<Scorecard> GetCurrentAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var latest = await db.Set<ScorecardVersion>().AsNoTracking().OrderByDescending(v => v.Version).FirstOrDefaultAsync(cancellationToken);
        return latest is null ? Default() : ToScorecard(latest);
    }

    /// <summary>The current scorecard, read synchronously for the scorer factory (which builds a run's scorer without awaiting).</summary>
    public Scorecard GetCurrent()
    {
        using var db = contexts.CreateDbContext();
        var latest = db.Set<ScorecardVersion>().AsNoTracking().OrderByDescending(v => v.Version).FirstOrDefault();
        return latest is null ? Default() : ToScorecard(latest);
    }

    /// <summary>The scorecard a review was scored on (version 1 is the defaults when it was never saved).</summary>
    public async Task<Scorecard?> GetVersionAsync(int version, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var row = await db.Set<ScorecardVersion>().AsNoTracking().FirstOrDefaultAsync(v => v.Version == version, cancellationToken);
        return row is not null ? ToScorecard(row) : version == 1 ? Default() : null;
    }

    /// <summary>Saves <paramref name="categories"/> as the next version after checking them; audit-logged as <paramref name="actor"/>.</summary>
    public async Task<ScorecardSaveResult> SaveAsync(IReadOnlyList<ScorecardCategory> categories, string actor, CancellationToken cancellationToken = default)
    {
        var cleaned = categories.Select(c => c with
        {
            Name = (c.Name ?? "").Trim(),
            Description = (c.Description ?? "").Trim(),
            Scale = c.IsAi ? ScorecardScales.OneToFive : c.Scale,
        }).ToList();
        var problems = ScorecardValidation.Validate(cleaned);
        if (problems.Count > 0)
        {
            return new ScorecardSaveResult(null, problems);
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var now = time.GetUtcNow().UtcDateTime;
        var latest = await db.Set<ScorecardVersion>().MaxAsync(v => (int?)v.Version, cancellationToken) ?? 0;
        if (latest == 0)
        {
            // The defaults were version 1 while nothing was saved: keep them as version 1, so reviews made on them still find them.
            db.Set<ScorecardVersion>().Add(new ScorecardVersion { Version = 1, CategoriesJson = Scorecard.Serialise(ScorecardDefaults.Categories), CreatedAtUtc = now, CreatedBy = DefaultAuthor });
            latest = 1;
        }

        var row = new ScorecardVersion { Version = latest + 1, CategoriesJson = Scorecard.Serialise(cleaned), CreatedAtUtc = now, CreatedBy = actor };
        db.Set<ScorecardVersion>().Add(row);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            return new ScorecardSaveResult(null, ["Someone else saved the scorecard at the same moment. Reload the page and try again."]);
        }

        await audit.RecordAsync(actor, AuditActions.SettingsChanged, "scorecard", $"Scorecard version {row.Version}: {cleaned.Count} categories.", cancellationToken: cancellationToken);
        return new ScorecardSaveResult(ToScorecard(row), []);
    }

    private static Scorecard Default() => new(1, ScorecardDefaults.Categories, DateTime.UnixEpoch, DefaultAuthor);

    private static Scorecard ToScorecard(ScorecardVersion row) =>
        new(row.Version, Scorecard.Deserialise(row.CategoriesJson), DateTime.SpecifyKind(row.CreatedAtUtc, DateTimeKind.Utc), row.CreatedBy);
}
