using System.Runtime.CompilerServices;
using JiraQuality.Core.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Storage;

namespace JiraQuality.Core.Reporting.Rollup;

/// <summary>
/// Keeps the hourly metrics rollup in step with every save of processed conversations: the hours a save touches are
/// recomputed (<see cref="MetricsRollupMaintenance"/>) in the save's transaction, one the interceptor opens when the
/// caller has none, so the rollup never disagrees with the rows. The reporting side owns this upkeep; storage only runs
/// the interceptors its contexts are built with.
/// </summary>
public sealed class MetricsRollupSaveChangesInterceptor : SaveChangesInterceptor
{
    /// <summary>The interceptor holds no state of its own beyond the saves in flight, so every context can share one.</summary>
    public static MetricsRollupSaveChangesInterceptor Instance { get; } = new();

    private readonly ConditionalWeakTable<DbContext, PendingSave> _saves = new();

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        if (eventData.Context is JiraQualityDbContext db && Begin(db) is { } save)
        {
            save.OwnedTransaction = db.Database.CurrentTransaction is null ? db.Database.BeginTransaction() : null;
        }

        return result;
    }

    public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(
        DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is JiraQualityDbContext db && Begin(db) is { } save)
        {
            save.OwnedTransaction = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(cancellationToken) : null;
        }

        return result;
    }

    public override int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        if (eventData.Context is JiraQualityDbContext db && _saves.TryGetValue(db, out var save))
        {
            try
            {
                if (save.Hours.Count > 0)
                {
                    MetricsRollupMaintenance.Refresh(db, save.Hours);
                    save.OwnedTransaction?.Commit();
                }
            }
            finally
            {
                End(db, save);
            }
        }

        return result;
    }

    public override async ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is JiraQualityDbContext db && _saves.TryGetValue(db, out var save))
        {
            try
            {
                if (save.Hours.Count > 0)
                {
                    await MetricsRollupMaintenance.RefreshAsync(db, save.Hours, cancellationToken);
                    if (save.OwnedTransaction is not null)
                    {
                        await save.OwnedTransaction.CommitAsync(cancellationToken);
                    }
                }
            }
            finally
            {
                End(db, save);
            }
        }

        return result;
    }

    public override void SaveChangesFailed(DbContextErrorEventData eventData) => Abandon(eventData.Context);

    public override Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        Abandon(eventData.Context);
        return Task.CompletedTask;
    }

    public override void SaveChangesCanceled(DbContextEventData eventData) => Abandon(eventData.Context);

    public override Task SaveChangesCanceledAsync(DbContextEventData eventData, CancellationToken cancellationToken = default)
    {
        Abandon(eventData.Context);
        return Task.CompletedTask;
    }

    /// <summary>
    /// Detects changes now (when the context would) and turns automatic detection off until the save is done, so
    /// reading the pending hours and saving cost one scan of the tracked entities, not two. Returns the save to
    /// complete when it touches rollup hours (it then needs a transaction), else null.
    /// </summary>
    private PendingSave? Begin(JiraQualityDbContext db)
    {
        var tracker = db.ChangeTracker;
        var autoDetect = tracker.AutoDetectChangesEnabled;
        if (autoDetect)
        {
            tracker.DetectChanges();
        }

        tracker.AutoDetectChangesEnabled = false;
        var save = new PendingSave(MetricsRollupMaintenance.PendingHours(tracker), autoDetect);
        _saves.AddOrUpdate(db, save);
        return save.Hours.Count > 0 ? save : null;
    }

    private void Abandon(DbContext? context)
    {
        if (context is not null && _saves.TryGetValue(context, out var save))
        {
            End(context, save);
        }
    }

    /// <summary>Restores change detection and rolls back a transaction the save opened and did not commit.</summary>
    private void End(DbContext context, PendingSave save)
    {
        _saves.Remove(context);
        context.ChangeTracker.AutoDetectChangesEnabled = save.AutoDetect;
        save.OwnedTransaction?.Dispose();
    }

    private sealed class PendingSave(HashSet<DateTime> hours, bool autoDetect)
    {
        public HashSet<DateTime> Hours { get; } = hours;
        public bool AutoDetect { get; } = autoDetect;
        public IDbContextTransaction? OwnedTransaction { get; set; }
    }
}
