using JiraQuality.Core.Ingestion;
using JiraQuality.Core.Storage;
using Microsoft.EntityFrameworkCore;

namespace JiraQuality.Core.Instances;

/// <summary>A stored upload that is gone or was never written to the end: its import cannot run.</summary>
public sealed class StoredUploadUnavailableException(string message) : IOException(message);

/// <summary>
/// Uploaded files kept in the database in chunks of <see cref="ChunkBytes"/> until their import job has read them, so
/// whichever instance runs (or resumes) the job finds the file. Neither writing nor reading holds more than one chunk
/// in memory. A job names a stored upload by its <see cref="Reference"/> where it would name a file path.
/// </summary>
public sealed class StoredUploads(IDbContextFactory<JiraQualityDbContext> contextFactory, TimeProvider timeProvider)
{
    public const int ChunkBytes = 1024 * 1024;
    private const string ReferencePrefix = "stored-upload:";

    public static string Reference(Guid id) => ReferencePrefix + id.ToString("N");

    public static bool TryParseReference(string? pathOrReference, out Guid id)
    {
        id = Guid.Empty;
        return pathOrReference is not null
            && pathOrReference.StartsWith(ReferencePrefix, StringComparison.Ordinal)
            && Guid.TryParseExact(pathOrReference[ReferencePrefix.Length..], "N", out id);
    }

    /// <summary>Stores <paramref name="source"/> chunk by chunk (one transaction each) and returns its reference.</summary>
    public async Task<string> SaveAsync(Stream source, string fileName, CancellationToken cancellationToken = default)
    {
        var upload = new StoredUpload { Id = Guid.NewGuid(), FileName = fileName, CreatedAtUtc = timeProvider.GetUtcNow().UtcDateTime };
        await using (var db = contextFactory.CreateDbContext())
        {
            db.StoredUploads.Add(upload);
            await db.SaveChangesAsync(cancellationToken);
        }

        try
        {
            var buffer = new byte[ChunkBytes];
            long length = 0;
            for (var sequence = 0; ; sequence++)
            {
                var filled = await source.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, cancellationToken);
                if (filled == 0)
                {
                    break;
                }

                await using var db = contextFactory.CreateDbContext();
                db.StoredUploadChunks.Add(new StoredUploadChunk { UploadId = upload.Id, Sequence = sequence, Data = buffer[..filled] });
                await db.SaveChangesAsync(cancellationToken);
                length += filled;
                if (filled < buffer.Length)
                {
                    break;
                }
            }

            await using (var db = contextFactory.CreateDbContext())
            {
                await db.StoredUploads.Where(u => u.Id == upload.Id)
                    .ExecuteUpdateAsync(u => u.SetProperty(x => x.Length, length).SetProperty(x => x.Complete, true), cancellationToken);
            }

            return Reference(upload.Id);
        }
        catch
        {
            // A half-stored upload is never imported; its rows go now (or with the janitor's next sweep).
            await DeleteAsync([upload.Id], CancellationToken.None);
            throw;
        }
    }

    /// <summary>
    /// Writes the stored upload into a new file of <paramref name="spool"/> (readable by this user only) and returns its
    /// path; the caller deletes it. A stored upload that is gone or incomplete is a <see cref="StoredUploadUnavailableException"/>.
    /// </summary>
    public async Task<string> CopyToSpoolAsync(Guid id, string displayName, UploadSpool spool, CancellationToken cancellationToken = default)
    {
        await using var db = contextFactory.CreateDbContext();
        var upload = await db.StoredUploads.AsNoTracking().FirstOrDefaultAsync(u => u.Id == id, cancellationToken);
        if (upload is null || !upload.Complete)
        {
            throw new StoredUploadUnavailableException(upload is null
                ? $"the uploaded file '{displayName}' is no longer stored in the database (deleted after its import ended, or never stored); upload it again."
                : $"the upload of '{displayName}' did not finish; upload it again.");
        }

        string path;
        await using (var target = spool.Create(out path))
        {
            try
            {
                long written = 0;
                // One chunk at a time: each is read by its own small query, so memory holds one chunk whatever the file size.
                for (var sequence = 0; written < upload.Length; sequence++)
                {
                    var data = await db.StoredUploadChunks.AsNoTracking()
                        .Where(c => c.UploadId == id && c.Sequence == sequence)
                        .Select(c => c.Data)
                        .FirstOrDefaultAsync(cancellationToken)
                        ?? throw new StoredUploadUnavailableException($"the uploaded file '{displayName}' is missing part {sequence + 1}; upload it again.");
                    await target.WriteAsync(data, cancellationToken);
                    written += data.Length;
                }
            }
            catch
            {
                await target.DisposeAsync();
                spool.Delete([path]);
                throw;
            }
        }

        return path;
    }

    public async Task<int> DeleteAsync(IEnumerable<Guid> ids, CancellationToken cancellationToken = default)
    {
        var list = ids.Distinct().ToList();
        if (list.Count == 0)
        {
            return 0;
        }

        await using var db = contextFactory.CreateDbContext();
        await db.StoredUploadChunks.Where(c => list.Contains(c.UploadId)).ExecuteDeleteAsync(cancellationToken);
        return await db.StoredUploads.Where(u => list.Contains(u.Id)).ExecuteDeleteAsync(cancellationToken);
    }

    /// <summary>Deletes stored uploads no active job needs once they are older than <paramref name="minimumAge"/> (one may be being written now).</summary>
    public async Task<int> DeleteOrphansAsync(IReadOnlySet<Guid> inUse, TimeSpan minimumAge, CancellationToken cancellationToken = default)
    {
        var before = timeProvider.GetUtcNow().UtcDateTime - minimumAge;
        List<Guid> old;
        await using (var db = contextFactory.CreateDbContext())
        {
            old = await db.StoredUploads.Where(u => u.CreatedAtUtc < before).Select(u => u.Id).ToListAsync(cancellationToken);
        }

        return await DeleteAsync(old.Where(id => !inUse.Contains(id)), cancellationToken);
    }

    /// <summary>How many uploads are stored (for tests and health checks).</summary>
    public async Task<int> CountAsync(CancellationToken cancellationToken = default)
    {
        await using var db = contextFactory.CreateDbContext();
        return await db.StoredUploads.CountAsync(cancellationToken);
    }
}
