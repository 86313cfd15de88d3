using System.Text.Json;
using JiraQuality.Core.Instances;
using JiraQuality.Core.Storage;
using Microsoft.EntityFrameworkCore;

namespace JiraQuality.Core.SavedViews;

/// <summary>A named set of filters: the page it belongs to and its query string (window, filters, as of).</summary>
public sealed record SavedView(string Name, string Path, string Query);

/// <summary>
/// Each user's saved views, kept in the database (one shared setting per user, so every instance sees them) and
/// ordered by name. Saving a name that exists replaces that view.
/// </summary>
public sealed class SavedViewStore(IDbContextFactory<JiraQualityDbContext> contexts, TimeProvider time)
{
    public const int MaxNameLength = 80;
    public const int MaxViewsPerUser = 50;
    private const int MaxQueryLength = 2000;

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

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var views = (await ReadAsync(db, userId, cancellationToken)).Where(v => !string.Equals(v.Name, name, StringComparison.OrdinalIgnoreCase)).ToList();
        if (views.Count >= MaxViewsPerUser)
        {
            return $"You have {MaxViewsPerUser} saved views; delete one first.";
        }

        views.Add(view with { Name = name });
        await WriteAsync(db, userId, views, cancellationToken);
        return null;
    }

    public async Task DeleteAsync(string userId, string name, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var views = await ReadAsync(db, userId, cancellationToken);
        await WriteAsync(db, userId, views.Where(v => !string.Equals(v.Name, name, StringComparison.OrdinalIgnoreCase)).ToList(), cancellationToken);
    }

    private static string Key(string userId) => "saved-views:" + userId;

    private static async Task<IReadOnlyList<SavedView>> ReadAsync(JiraQualityDbContext db, string userId, CancellationToken cancellationToken)
    {
        var stored = await db.Set<SharedSetting>().AsNoTracking().Where(s => s.Name == Key(userId)).Select(s => s.Value).FirstOrDefaultAsync(cancellationToken);
        var views = stored is null ? [] : JsonSerializer.Deserialize<List<SavedView>>(stored) ?? [];
        return [.. views.OrderBy(v => v.Name, StringComparer.OrdinalIgnoreCase)];
    }

    private async Task WriteAsync(JiraQualityDbContext db, string userId, IReadOnlyList<SavedView> views, CancellationToken cancellationToken)
    {
        var key = Key(userId);
        var row = await db.Set<SharedSetting>().FirstOrDefaultAsync(s => s.Name == key, cancellationToken);
        if (row is null)
        {
            row = new SharedSetting { Name = key };
            db.Add(row);
        }

        row.Value = JsonSerializer.Serialize(views);
        row.UpdatedAtUtc = time.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(cancellationToken);
    }
}
