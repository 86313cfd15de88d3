using System.Security.Cryptography;
using JiraQuality.Core.Ingestion.Import;
using JiraQuality.Benchmarks.Sample;
using JiraQuality.Core.Instances;
using JiraQuality.Core.Jobs;
using JiraQuality.Core.Storage;
using JiraQuality.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace JiraQuality.Tests.Instances;

/// <summary>
/// Uploaded files live in the database, not on the disk of the instance that received them: any instance runs or
/// resumes their import, and one that is gone fails its job without queuing anything after it.
/// </summary>
public sealed class StoredUploadTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_file_is_stored_in_chunks_and_read_back_byte_for_byte(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var uploads = new StoredUploads(database.Factory, TimeProvider.System);
        var spool = new UploadSpool(Path.Combine(Path.GetTempPath(), "jq-spool-" + Guid.NewGuid().ToString("N")[..8]));
        var content = RandomNumberGenerator.GetBytes((2 * StoredUploads.ChunkBytes) + 12345);

        var reference = await uploads.SaveAsync(new MemoryStream(content), "export.csv", Ct);

        Assert.True(StoredUploads.TryParseReference(reference, out var id));
        await using (var db = database.Factory.CreateDbContext())
        {
            Assert.Equal(3, await db.StoredUploadChunks.CountAsync(c => c.UploadId == id, Ct));
            var upload = await db.StoredUploads.SingleAsync(u => u.Id == id, Ct);
            Assert.True(upload.Complete);
            Assert.Equal(content.Length, upload.Length);
        }

        var copy = await uploads.CopyToSpoolAsync(id, "export.csv", spool, Ct);
        try
        {
            Assert.Equal(content, await File.ReadAllBytesAsync(copy, Ct));
        }
        finally
        {
            Directory.Delete(spool.Folder, recursive: true);
        }

        Assert.Equal(1, await uploads.DeleteAsync([id], Ct));
        await using (var db = database.Factory.CreateDbContext())
        {
            Assert.Equal(0, await db.StoredUploadChunks.CountAsync(Ct));
        }

        var gone = await Assert.ThrowsAsync<StoredUploadUnavailableException>(() => uploads.CopyToSpoolAsync(id, "export.csv", spool, Ct));
        Assert.Contains("export.csv", gone.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task With_a_shared_folder_the_bytes_go_to_a_file_there_that_another_instance_reads_back(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var shared = Path.Combine(Path.GetTempPath(), "jq-shared-uploads-" + Guid.NewGuid().ToString("N")[..8]);
        var spool = new UploadSpool(Path.Combine(Path.GetTempPath(), "jq-spool-" + Guid.NewGuid().ToString("N")[..8]));
        try
        {
            // Stored before the folder was configured: still read from the database.
            var before = await new StoredUploads(database.Factory, TimeProvider.System).SaveAsync(new MemoryStream([1, 2, 3]), "before.csv", Ct);
            var receiving = new StoredUploads(database.Factory, TimeProvider.System, shared);
            var other = new StoredUploads(database.Factory, TimeProvider.System, shared);
            var content = RandomNumberGenerator.GetBytes(StoredUploads.ChunkBytes + 777);

            var reference = await receiving.SaveAsync(new MemoryStream(content), "export.csv", Ct);

            Assert.True(StoredUploads.TryParseReference(reference, out var id));
            Assert.Equal([Path.Combine(shared, id.ToString("N") + ".upload")], Directory.GetFiles(shared));
            await using (var db = database.Factory.CreateDbContext())
            {
                Assert.Equal(0, await db.StoredUploadChunks.CountAsync(c => c.UploadId == id, Ct));
                Assert.True((await db.StoredUploads.SingleAsync(u => u.Id == id, Ct)).Complete);
            }

            Assert.Equal(content, await File.ReadAllBytesAsync(await other.CopyToSpoolAsync(id, "export.csv", spool, Ct), Ct));
            Assert.True(StoredUploads.TryParseReference(before, out var beforeId));
            Assert.Equal([1, 2, 3], await File.ReadAllBytesAsync(await other.CopyToSpoolAsync(beforeId, "before.csv", spool, Ct), Ct));

            // A file that changed since it was stored, or is gone, is never imported.
            await File.WriteAllBytesAsync(Path.Combine(shared, id.ToString("N") + ".upload"), content[..100], Ct);
            var changed = await Assert.ThrowsAsync<StoredUploadUnavailableException>(() => other.CopyToSpoolAsync(id, "export.csv", spool, Ct));
            Assert.Contains("export.csv", changed.Message, StringComparison.Ordinal);
            Assert.Equal(1, await other.DeleteAsync([id], Ct));
            Assert.Empty(Directory.GetFiles(shared));
            var third = await receiving.SaveAsync(new MemoryStream(content), "third.csv", Ct);
            Assert.True(StoredUploads.TryParseReference(third, out var thirdId));
            File.Delete(Path.Combine(shared, thirdId.ToString("N") + ".upload"));
            var gone = await Assert.ThrowsAsync<StoredUploadUnavailableException>(() => other.CopyToSpoolAsync(thirdId, "third.csv", spool, Ct));
            Assert.Contains(shared, gone.Message, StringComparison.Ordinal);
        }
        finally
        {
            foreach (var folder in new[] { shared, spool.Folder })
            {
                if (Directory.Exists(folder))
                {
                    Directory.Delete(folder, recursive: true);
                }
            }
        }
    }

    [Fact]
    public async Task An_upload_whose_instance_died_mid_import_is_imported_by_the_other_instance()
    {
        var tickets = 120;
        var csv = new StringWriter();
        new SampleExportGenerator(new SampleExportSettings { Tickets = tickets, EndUtc = DateTime.UtcNow.AddHours(-1) }).Write(csv);

        await using var instances = await TwoInstances.StartAsync(new Dictionary<string, string?>
        {
            ["Jobs:RecoveryInterval"] = "00:00:01",
            ["Scoring:Scorer"] = "heuristic",
        });

        // A receives the upload and starts its import, then dies: its data folder (and any spool file) is gone.
        var reference = await instances.A.Services.GetRequiredService<StoredUploads>()
            .SaveAsync(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(csv.ToString())), "jsm-export.csv", Ct);
        var request = CsvImportJobHandler.CreateRequest([new ImportFile(reference, "jsm-export.csv")], JobRequesters.Page, deleteAfter: true);
        var store = instances.A.Services.GetRequiredService<JobStore>();
        var crashed = await store.CreateAsync(request, Guid.NewGuid(), DateTime.UtcNow, Ct);
        Assert.True(await store.TryClaimAsync(crashed.Id, DateTime.UtcNow, Ct));
        await instances.A.DisposeAsync();

        // B finds the job whose instance is gone, queues its work again and imports every ticket from the database.
        var contexts = instances.B.Services.GetRequiredService<JiraQualityContextFactory>();
        await WaitAsync(async () =>
        {
            await using var db = contexts.CreateDbContext();
            return await db.JobRuns.AnyAsync(j => j.Kind == JobKinds.CsvImport && j.State == JobStates.Succeeded, Ct);
        }, "the resumed import to succeed on B");

        await using var check = contexts.CreateDbContext();
        Assert.Equal(tickets, await check.PreparedConversations.CountAsync(Ct));
        Assert.Equal(JobStates.Interrupted, (await check.JobRuns.SingleAsync(j => j.Id == crashed.Id, Ct)).State);

        // Read and done: the stored copy is deleted.
        Assert.Equal(0, await check.StoredUploads.CountAsync(Ct));
    }

    [Fact]
    public async Task An_upload_that_is_no_longer_stored_fails_its_job_and_queues_no_processing()
    {
        await using var factory = new JiraQualityAppFactory(new Dictionary<string, string?> { ["Scoring:Scorer"] = "heuristic" });
        var queue = factory.Services.GetRequiredService<IJobQueue>();
        var missing = StoredUploads.Reference(Guid.NewGuid());
        var request = CsvImportJobHandler.CreateRequest([new ImportFile(missing, "lost-export.csv")], JobRequesters.Page, deleteAfter: true);
        request = request with { Parameters = new Dictionary<string, string>(request.Parameters) { [JobRunner.ThenParameter] = JobKinds.Processing } };

        var job = await queue.EnqueueAsync(request, Ct);
        JobSnapshot? ended = null;
        await WaitAsync(async () => (ended = await queue.GetAsync(job.Id, Ct)) is { IsActive: false }, "the import to end");

        Assert.Equal(JobStates.Failed, ended!.State);
        Assert.Contains("lost-export.csv", ended.Error, StringComparison.Ordinal);
        Assert.Contains("no longer stored", ended.Error, StringComparison.Ordinal);
        await using var db = factory.Services.GetRequiredService<JiraQualityContextFactory>().CreateDbContext();
        Assert.False(await db.JobRuns.AnyAsync(j => j.Kind == JobKinds.Processing, Ct));
    }

    internal static async Task WaitAsync(Func<Task<bool>> condition, string what, int seconds = 60)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("Timed out waiting for " + what);
            }

            await Task.Delay(50, Ct);
        }
    }
}
