using System.Text.Json;
using JiraQuality.Core.Instances;
using JiraQuality.Core.Storage;
using Microsoft.EntityFrameworkCore;

namespace JiraQuality.Core.SavedViews;

/// <summary>
/// Each user's saved views, kept in the database (one shared setting per user, so every instance sees them) and
/// ordered by name. Saving a name that exists replaces that view. Concurrent saves and deletes never lose each other.
/// </summary>
public sealed class SavedViewStore(IDbContextFactory<JiraQualityDbContext> contexts, TimeProvider time)
{
    public const int MaxNameLength = 80;
    public const int MaxViewsPerUser = 50;
    private const int MaxQueryLength = 2000;

    /// <summary>Enough for many tabs of one user saving at once: each round stores at least one of them.</summary>
    private const int MaxAttempts = 64;

    public async Task<IReadOnlyList<SavedView>> ListAsync(string userId, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await ReadAsync(db, userId, cancellationToken);
    }

    /// <summary>Saves the view under its name; returns the problem instead when the name or query cannot be kept.</summary>
    public async Task<string?> SaveAsync(string userId, SavedView view, CancellationToken cancellationToken = default)
    {
        var name = view.Name.Trim();
        if (name.Length == 0)
        {
            return "Give the view a name.";
        }

        if (name.Length > MaxNameLength)
        {
            return $"A view name has at most {MaxNameLength} characters.";
        }

        if (!view.Path.StartsWith('/') || view.Path.StartsWith("//", StringComparison.Ordinal) || view.Query.Length > MaxQueryLength
            || (view.Query.Length > 0 && !view.Query.StartsWith('?')))
        {
            return "Only a page of this app with its filters can be saved.";
        }

        string? problem = null;
        var saved = await ChangeAsync(userId, views =>
        {
            var kept = views.Where(v => !string.Equals(v.Name, name, StringComparison.OrdinalIgnoreCase)).ToList();
            if (kept.Count >= MaxViewsPerUser)
            {
                problem = $"You have {MaxViewsPerUser} saved views; delete one first.";
                return null;
            }

            kept.Add(view with { Name = name });
            return kept;
        }, cancellationToken);
        return saved ? null : problem ?? "Your saved views changed too often at the same moment; save again.";
    }

    public async Task DeleteAsync(string userId, string name, CancellationToken cancellationToken = default)
    {
        await ChangeAsync(userId, views => views.Where(v => !string.Equals(v.Name, name, StringComparison.OrdinalIgnoreCase)).ToList(), cancellationToken);
    }

    /// <summary>
    /// Applies a change to the user's list and stores it only if nobody stored another list since it was read (an
    /// UPDATE conditioned on the value read, or an INSERT the primary key lets only one writer make); otherwise reads
    /// the newer list and applies the change again. Two tabs saving at the same moment both keep their view.
    /// Returns false when <paramref name="change"/> refuses (null) or the list kept changing.
    /// </summary>
    private async Task<bool> ChangeAsync(string userId, Func<IReadOnlyList<SavedView>, List<SavedView>?> change, CancellationToken cancellationToken)
    {
        var key = Key(userId);
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            var stored = await db.Set<SharedSetting>().AsNoTracking().Where(s => s.Name == key).Select(s => s.Value).FirstOrDefaultAsync(cancellationToken);
            if (change(Parse(stored)) is not { } views)
            {
                return false;
            }

            if (stored is null && views.Count == 0)
            {
                return true;
            }

            var value = JsonSerializer.Serialize(views);
            var now = time.GetUtcNow().UtcDateTime;
            if (stored is not null)
            {
                var updated = await db.Set<SharedSetting>()
                    .Where(s => s.Name == key && s.Value == stored)
                    .ExecuteUpdateAsync(u => u.SetProperty(s => s.Value, value).SetProperty(s => s.UpdatedAtUtc, now), cancellationToken);
                if (updated == 1)
                {
                    return true;
                }

                continue;
            }

            db.Add(new SharedSetting { Name = key, Value = value, UpdatedAtUtc = now });
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                return true;
            }
            catch (DbUpdateException)
            {
                // Another tab stored the user's first view in the meantime: read it and apply the change to it.
            }
        }

        return false;
    }

    private static string Key(string userId) => "saved-views:" + userId;

    private static async Task<IReadOnlyList<SavedView>> ReadAsync(JiraQualityDbContext db, string userId, CancellationToken cancellationToken)
    {
        var stored = await db.Set<SharedSetting>().AsNoTracking().Where(s => s.Name == Key(userId)).Select(s => s.Value).FirstOrDefaultAsync(cancellationToken);
        return Parse(stored);
    }

    private static IReadOnlyList<SavedView> Parse(string? stored)
    {
        var views = stored is null ? [] : JsonSerializer.Deserialize<List<SavedView>>(stored) ?? [];
        return [.. views.OrderBy(v => v.Name, StringComparer.OrdinalIgnoreCase)];
    }
}
