using JiraQuality.Core.Ingestion.Import;
using JiraQuality.Core.Storage;
using Microsoft.EntityFrameworkCore;

namespace JiraQuality.Core.Instances;

/// <summary>
/// Uploaded files kept in the database in chunks of <see cref="ChunkBytes"/> until their import job has read them, so
/// whichever instance runs (or resumes) the job finds the file. Neither writing nor reading holds more than one chunk
/// in memory. A job names a stored upload by its <see cref="Reference"/> where it would name a file path.
/// With <paramref name="sharedFolder"/> (a folder every instance mounts, e.g. NFS), the bytes go to a file there instead
/// and only the upload's row is in the database; uploads stored in chunks before the folder was set are still read.
/// </summary>
public sealed class StoredUploads(IDbContextFactory<JiraQualityDbContext> contextFactory, TimeProvider timeProvider, string? sharedFolder = null)
{
    private readonly string? _sharedFolder = string.IsNullOrWhiteSpace(sharedFolder) ? null : Path.GetFullPath(sharedFolder);

    /// <summary>The shared folder the bytes of new uploads are written to; null when they go to the database.</summary>
    public string? SharedFolder => _sharedFolder;

    private string SharedFileOf(Guid id) => Path.Combine(_sharedFolder!, id.ToString("N") + ".upload");

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
            if (_sharedFolder is not null)
            {
                await SaveToSharedFolderAsync(source, upload.Id, cancellationToken);
                return Reference(upload.Id);
            }

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

    private async Task SaveToSharedFolderAsync(Stream source, Guid id, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(_sharedFolder!);
        var target = SharedFileOf(id);
        var partial = target + ".part";
        long length;
        try
        {
            // Written under another name and renamed when whole, so no instance ever reads half a file.
            await using (var file = new FileStream(partial, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, useAsync: true))
            {
                await source.CopyToAsync(file, ChunkBytes, cancellationToken);
                length = file.Length;
            }

            File.Move(partial, target);
        }
        catch
        {
            File.Delete(partial);
            throw;
        }

        await using var db = contextFactory.CreateDbContext();
        await db.StoredUploads.Where(u => u.Id == id)
            .ExecuteUpdateAsync(u => u.SetProperty(x => x.Length, length).SetProperty(x => x.Complete, true), cancellationToken);
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

        var inFolder = _sharedFolder is null ? null : SharedFileOf(id);
        if (inFolder is not null && !File.Exists(inFolder) && !await db.StoredUploadChunks.AnyAsync(c => c.UploadId == id, cancellationToken))
        {
            throw new StoredUploadUnavailableException(
                $"the uploaded file '{displayName}' is not in the shared upload folder {_sharedFolder} (deleted, or the folder is not the one the receiving instance wrote to); upload it again.");
        }

        string path;
        await using (var target = spool.Create(out path))
        {
            try
            {
                if (inFolder is not null && File.Exists(inFolder))
                {
                    await using var file = new FileStream(inFolder, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, useAsync: true);
                    if (file.Length != upload.Length)
                    {
                        throw new StoredUploadUnavailableException(
                            $"the uploaded file '{displayName}' in the shared upload folder has {file.Length} bytes, not the {upload.Length} stored; upload it again.");
                    }

                    await file.CopyToAsync(target, ChunkBytes, cancellationToken);
                    return path;
                }

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

        if (_sharedFolder is not null)
        {
            foreach (var id in list)
            {
                File.Delete(SharedFileOf(id));
            }
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
