using System.Threading.Channels;
using JiraQuality.Core.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace JiraQuality.Core.Conversations.Search;

/// <summary>
/// Fills the PostgreSQL full-text index for an import on a connection of its own, after each batch has committed, while
/// the import parses and stores the next batches: splitting the text into words (<c>to_tsvector</c>) and the GIN insert
/// are most of the database's work in an import, and they no longer hold up the import's transactions. A new thread is
/// therefore not found by a search for a moment after its batch is stored (a batch or two behind the import);
/// <see cref="CompleteAsync"/>, awaited before the import ends, writes what is queued and then indexes any stored thread
/// still without an entry, so once an import has ended, every thread it stored is found.
/// </summary>
public sealed class ThreadTextIndexFiller : IAsyncDisposable
{
    // Two batches queued at most: the import waits rather than holding more text in memory when the index falls behind.
    private readonly Channel<IReadOnlyList<ThreadTextIndex.Entry>> _queue =
        Channel.CreateBounded<IReadOnlyList<ThreadTextIndex.Entry>>(new BoundedChannelOptions(2) { SingleReader = true, SingleWriter = true });

    private readonly IDbContextFactory<JiraQualityDbContext> _contextFactory;
    private readonly ILogger _logger;
    private readonly Task _worker;
    private bool _failed;
    private bool _completed;

    public ThreadTextIndexFiller(IDbContextFactory<JiraQualityDbContext> contextFactory, ILogger logger)
    {
        _contextFactory = contextFactory;
        _logger = logger;
        _worker = Task.Run(FillAsync);
    }

    /// <summary>Queues the entries of new threads whose batch has committed; waits while two batches are queued.</summary>
    public ValueTask AddAsync(IReadOnlyList<ThreadTextIndex.Entry> entries, CancellationToken cancellationToken) =>
        entries.Count == 0 ? ValueTask.CompletedTask : _queue.Writer.WriteAsync(entries, cancellationToken);

    /// <summary>
    /// Writes every queued entry, then indexes every stored thread that still has none (after a failed write here, or
    /// an earlier import that stopped before its entries were written). Also when the import failed or was cancelled:
    /// the batches it stored are searchable when it ends.
    /// </summary>
    public async Task CompleteAsync(CancellationToken cancellationToken)
    {
        _completed = true;
        _queue.Writer.TryComplete();
        await _worker;
        await using var db = await _contextFactory.CreateDbContextAsync(cancellationToken);
        var missing = await ThreadTextIndex.StoreMissingAsync(db, cancellationToken);
        if (missing > 0)
        {
            _logger.LogInformation("Indexed {Count} stored threads that were missing from the full-text index", missing);
        }
    }

    /// <summary>Stops taking entries and waits for the queued ones (without the pass over missing threads).</summary>
    public async ValueTask DisposeAsync()
    {
        if (!_completed)
        {
            _queue.Writer.TryComplete();
            await _worker;
        }
    }

    private async Task FillAsync()
    {
        await foreach (var entries in _queue.Reader.ReadAllAsync())
        {
            if (_failed)
            {
                // Drained so the import never waits on a stopped filler; the pass over missing threads indexes them.
                continue;
            }

            try
            {
                await using var db = await _contextFactory.CreateDbContextAsync();
                await ThreadTextIndex.StoreNewAsync(db, entries, CancellationToken.None);
            }
            catch (Exception ex)
            {
                // Whatever went wrong, the filler keeps draining (an import must never wait on it) and the pass over
                // missing threads at the end indexes what it could not.
                _failed = true;
                _logger.LogWarning(ex, "Could not write {Count} full-text index entries after their batch; they are indexed when the import ends", entries.Count);
            }
        }
    }
}
