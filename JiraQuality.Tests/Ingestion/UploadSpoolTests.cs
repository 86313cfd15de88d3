using Bunit;
using JiraQuality.Core.Ingestion;
using JiraQuality.Core.Ingestion.Import;
using JiraQuality.Core.Jobs;
using JiraQuality.Tests.Infrastructure;
using JiraQuality.Web.Features.Import;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;

namespace JiraQuality.Tests.Ingestion;

/// <summary>
/// Uploaded exports (customer data) pass through <c>uploads/</c> of the data folder, readable by the app's user only,
/// wait for their job in the database (so any instance can run it), and are gone once their job has ended, also when
/// it failed or was cancelled before its handler ran.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class UploadSpoolTests : BunitContext, IAsyncLifetime
{
    private const UnixFileMode Private = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode PrivateFolder = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    private static CancellationToken Ct => Xunit.TestContext.Current.CancellationToken;

    ValueTask IAsyncLifetime.InitializeAsync() => ValueTask.CompletedTask;

    async ValueTask IAsyncDisposable.DisposeAsync() => await DisposeAsync();

    [Fact]
    public async Task A_spool_file_is_0600_in_a_0700_folder_even_when_the_folder_existed_wider_open()
    {
        Assert.SkipWhen(OperatingSystem.IsWindows(), "Unix permissions");
        var data = Directory.CreateTempSubdirectory("jq-spool-").FullName;
        try
        {
            Directory.CreateDirectory(Path.Combine(data, UploadSpool.FolderName));
            File.SetUnixFileMode(Path.Combine(data, UploadSpool.FolderName), PrivateFolder | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
            var spool = UploadSpool.InDataDirectory(data);

            string path;
            await using (var stream = spool.Create(out path))
            {
                await stream.WriteAsync("Summary,Issue key\n"u8.ToArray(), Ct);
            }

            Assert.Equal(Path.Combine(data, UploadSpool.FolderName), Path.GetDirectoryName(path));
            Assert.Equal(PrivateFolder, File.GetUnixFileMode(spool.Folder));
            Assert.Equal(Private, File.GetUnixFileMode(path));

            // Only files inside the spool are ever deleted through it.
            var outside = Path.Combine(data, "own-export.csv");
            await File.WriteAllTextAsync(outside, "x", Ct);
            Assert.Equal(1, spool.Delete([path, outside, Path.Combine(spool.Folder, "..", "own-export.csv")]));
            Assert.True(File.Exists(outside));
            Assert.False(File.Exists(path));

            // Sweeps leave young files (an upload being written) and files a queued or running job needs.
            string needed, orphan;
            await using (spool.Create(out needed))
            await using (spool.Create(out orphan))
            {
            }

            var now = DateTime.UtcNow;
            Assert.Equal(0, spool.DeleteOrphans(new HashSet<string>(), TimeSpan.FromMinutes(30), now));
            Assert.Equal(1, spool.DeleteOrphans(new HashSet<string> { needed }, TimeSpan.FromMinutes(30), now.AddHours(1)));
            Assert.True(File.Exists(needed));
            Assert.False(File.Exists(orphan));
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }

    [Fact]
    public async Task An_upload_waits_in_the_database_not_on_disk_and_is_deleted_when_its_job_is_cancelled_before_running()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var factory = new HeldImportAppFactory(release.Task, fail: false);
        var (state, queue) = UseApp(factory);

        var stored = Upload(factory);
        var spoolFolder = Path.Combine(factory.DataDirectory, UploadSpool.FolderName);
        Assert.Empty(Directory.Exists(spoolFolder) ? Directory.GetFiles(spoolFolder) : []);
        Assert.Equal(1, await factory.Services.GetRequiredService<JiraQuality.Core.Instances.StoredUploads>().CountAsync(Ct));

        var job = state.Jobs.Single(j => j.Kind == JobKinds.CsvImport).JobId;
        Assert.True(await queue.CancelAsync(job, Ct));
        Assert.Equal(JobStates.Cancelled, (await JobWait.UntilFinishedAsync(queue, job)).State);
        await UntilGoneAsync(factory, stored);
    }

    [Fact]
    public async Task An_upload_whose_job_fails_before_its_handler_runs_is_deleted()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var factory = new HeldImportAppFactory(release.Task, fail: true);
        var (state, queue) = UseApp(factory);

        var stored = Upload(factory);
        var job = state.Jobs.Single(j => j.Kind == JobKinds.CsvImport).JobId;
        release.SetResult();
        Assert.Equal(JobStates.Failed, (await JobWait.UntilFinishedAsync(queue, job)).State);
        await UntilGoneAsync(factory, stored);
    }

    [Fact]
    public async Task A_stopped_import_keeps_its_copy_for_the_resumed_job_and_a_finished_one_deletes_it()
    {
        await using var factory = new JiraQualityAppFactory();
        var spool = factory.Services.GetRequiredService<UploadSpool>();
        string copy;
        await using (var stream = spool.Create(out copy))
        await using (var writer = new StreamWriter(stream))
        {
            await writer.WriteAsync(CsvText.File(CsvText.Header(), CsvText.Row("SPOOL-2")));
        }

        var request = CsvImportJobHandler.CreateRequest([new ImportFile(copy, "march.csv")], JobRequesters.Page, deleteAfter: true);
        using var scope = factory.Services.CreateScope();
        var handler = scope.ServiceProvider.GetServices<IJobHandler>().Single(h => h.Kind == JobKinds.CsvImport);

        // Shutting down (or cancelling) mid-import: the runner queues the same files again after a restart.
        using (var stopping = new CancellationTokenSource())
        {
            await stopping.CancelAsync();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => handler.RunAsync(request, new JiraQuality.Tests.Scoring.RecordingProgress(), stopping.Token));
        }

        Assert.True(File.Exists(copy), "a stopped import keeps its upload for the job that resumes it");

        await handler.RunAsync(request, new JiraQuality.Tests.Scoring.RecordingProgress(), Ct);
        Assert.False(File.Exists(copy));
    }

    private (ImportPageState State, IJobQueue Queue) UseApp(JiraQualityAppFactory factory)
    {
        var app = factory.Services;
        Services.AddSingleton(app.GetRequiredService<ImportPageState>());
        Services.AddSingleton(app.GetRequiredService<IngestionOptions>());
        Services.AddSingleton(app.GetRequiredService<UploadSpool>());
        Services.AddSingleton(app.GetRequiredService<JiraQuality.Core.Instances.StoredUploads>());
        Services.AddSingleton(app.GetRequiredService<IJobQueue>());
        Services.AddSingleton(app.GetRequiredService<IJobEvents>());
        Services.AddSingleton(app.GetRequiredService<JobStore>());
        Services.AddSingleton(app.GetRequiredService<JiraQuality.Core.Scoring.Scorers.ScorerFactory>());
        Services.AddSingleton(app.GetRequiredService<JiraQuality.Core.Scoring.Processing.ProcessingCostEstimator>());
        Services.AddPageServices(() => app.GetRequiredService<Microsoft.EntityFrameworkCore.IDbContextFactory<JiraQuality.Core.Storage.JiraQualityDbContext>>());
        Services.AddMudServices();
        AddAuthorization().SetAuthorized("analyst@example.net").SetRoles(JiraQuality.Core.Identity.Roles.Analyst);
        JSInterop.Mode = JSRuntimeMode.Loose;
        SetRendererInfo(new Microsoft.AspNetCore.Components.RendererInfo("Server", isInteractive: true));
        return (app.GetRequiredService<ImportPageState>(), app.GetRequiredService<IJobQueue>());
    }

    /// <summary>Uploads an export through the page's file input and returns the stored upload its job was given.</summary>
    private string Upload(JiraQualityAppFactory factory)
    {
        var page = Render<ImportPage>();
        page.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromText(CsvText.File(CsvText.Header(), CsvText.Row("SPOOL-1")), "march.csv", null, "text/csv"));
        var store = factory.Services.GetRequiredService<JobStore>();
        string? files = null;
        page.WaitForAssertion(() =>
        {
            var job = Assert.Single(factory.Services.GetRequiredService<ImportPageState>().Jobs, j => j.JobId != Guid.Empty);
            files = store.GetDetailsAsync(job.JobId).GetAwaiter().GetResult()!.Parameters[CsvImportJobHandler.FilesParameter];
        }, TimeSpan.FromSeconds(30));
        Assert.True(JiraQuality.Core.Instances.StoredUploads.TryParseReference(files, out _), $"the job reads the upload from the database, not {files}");
        return files!;
    }

    private static async Task UntilGoneAsync(JiraQualityAppFactory factory, string stored)
    {
        var uploads = factory.Services.GetRequiredService<JiraQuality.Core.Instances.StoredUploads>();
        for (var i = 0; i < 300 && await uploads.CountAsync(Ct) > 0; i++)
        {
            await Task.Delay(100, Ct);
        }

        Assert.Equal(0, await uploads.CountAsync(Ct));
        Assert.False(File.Exists(stored));
    }

    /// <summary>The real app whose CSV import jobs wait for the test before running (and then fail, if asked) without reaching the real handler.</summary>
    private sealed class HeldImportAppFactory(Task release, bool fail) : JiraQualityAppFactory
    {
        protected override void ConfigureWebHost(Microsoft.AspNetCore.Hosting.IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureServices(services => services.AddKeyedScoped<IJobHandler>(
                JobKinds.CsvImport,
                (provider, _) => new HeldJobHandler(ActivatorUtilities.CreateInstance<CsvImportJobHandler>(provider), release, fail)));
        }
    }

    private sealed class HeldJobHandler(IJobHandler inner, Task release, bool fail) : IJobHandler
    {
        public string Kind => inner.Kind;

        public async Task<JobResult> RunAsync(JobRequest request, IJobProgress progress, CancellationToken cancellationToken)
        {
            await release.WaitAsync(cancellationToken);
            return fail
                ? throw new InvalidOperationException("The import could not start.")
                : await inner.RunAsync(request, progress, cancellationToken);
        }
    }
}
