using JiraQuality.Core.Ingestion.Import;
using JiraQuality.Core.Jobs;
using JiraQuality.Core.Storage;
using JiraQuality.Tests.Infrastructure;
using JiraQuality.Web.Features.Import;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace JiraQuality.Tests.Ingestion;

/// <summary>An upload with a refused or failed file ends in a failed <c>csv-import</c> job that queues no processing.</summary>
public sealed class ImportJobFailureTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_failed_file_fails_the_import_job_keeps_the_good_file_and_queues_no_processing(DatabaseProvider provider)
    {
        await using var factory = await JiraQualityAppFactory.ForProviderAsync(provider);
        var state = factory.Services.GetRequiredService<ImportPageState>();
        var good = Path.Combine(factory.DataDirectory, "good-copy.csv");
        var broken = Path.Combine(factory.DataDirectory, "broken-copy.csv");
        await File.WriteAllTextAsync(good, CsvText.File(CsvText.Header(), CsvText.Row("CC-1"), CsvText.Row("CC-2")), Ct);
        await File.WriteAllTextAsync(broken, "Summary,Issue key,Comment\n\"unclosed,QZT-1,x\nok,QZT-2,y\n", Ct);

        Assert.True(await state.StartAsync(
            [(new ImportFile(good, "good.csv"), ImportFileKind.JiraExport), (new ImportFile(broken, "broken.csv"), ImportFileKind.JiraExport)],
            cancellationToken: Ct));
        await state.WhenIdleAsync();

        var job = Assert.Single(state.Jobs);
        Assert.Equal(JobStates.Failed, job.Finished!.State);
        Assert.Contains("1 of 2 file(s) failed: broken.csv: line 2: a quoted field opened on this line is never closed", job.Finished.Error);
        Assert.False(state.LastReport!.Succeeded);
        Assert.Equal(2, state.LastReport.Files[0].Created);
        Assert.Null(await factory.Services.GetRequiredService<JobStore>().FindFollowUpAsync(job.JobId, JobKinds.Processing, Ct));
        var stored = await factory.Services.GetRequiredService<JobStore>().FindAsync(job.JobId, Ct);
        Assert.Equal(JobStates.Failed, stored!.State);
        await using var db = factory.Services.GetRequiredService<JiraQualityContextFactory>().CreateDbContext();
        Assert.Equal(2, await db.PreparedConversations.CountAsync(Ct));
        Assert.False(await db.JobRuns.AnyAsync(j => j.Kind == JobKinds.Processing, Ct));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_refused_file_alone_fails_the_job_and_queues_no_processing(DatabaseProvider provider)
    {
        await using var factory = await JiraQualityAppFactory.ForProviderAsync(provider);
        var state = factory.Services.GetRequiredService<ImportPageState>();
        var headerOnly = Path.Combine(factory.DataDirectory, "header-copy.csv");
        await File.WriteAllTextAsync(headerOnly, CsvText.Header() + "\r\n", Ct);

        Assert.True(await state.StartAsync([(new ImportFile(headerOnly, "header.csv"), ImportFileKind.JiraExport)], cancellationToken: Ct));
        await state.WhenIdleAsync();

        var job = Assert.Single(state.Jobs);
        Assert.Equal(JobStates.Failed, job.Finished!.State);
        Assert.Contains("header.csv: line 1: the file has a header but no data rows", job.Finished.Error);
        await using var db = factory.Services.GetRequiredService<JiraQualityContextFactory>().CreateDbContext();
        Assert.False(await db.JobRuns.AnyAsync(j => j.Kind == JobKinds.Processing, Ct));
        Assert.False(File.Exists(headerOnly), "the failed job deletes the uploaded copy too");
    }
}
