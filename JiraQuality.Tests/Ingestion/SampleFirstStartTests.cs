using JiraQuality.Core.Ingestion;
using JiraQuality.Core.Ingestion.Sample;
using JiraQuality.Benchmarks.Sample;
using JiraQuality.Core.Jobs;
using JiraQuality.Core.Scoring.Scorers;
using JiraQuality.Core.Storage;
using JiraQuality.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace JiraQuality.Tests.Ingestion;

public sealed class SampleFirstStartTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_fresh_embedded_app_imports_the_sample_and_scores_it_with_the_heuristic_scorer()
    {
        await using var factory = new JiraQualityAppFactory(new Dictionary<string, string?>
        {
            ["Sample:ImportOnFirstStart"] = "true",
            ["Llm:ApiKey"] = "",
            ["Llm:Endpoint"] = "",
        });
        new SampleExportGenerator(new SampleExportSettings { Tickets = 30 }).WriteFile(Path.Combine(factory.DataDirectory, new SampleOptions().File));

        var store = factory.Services.GetRequiredService<JobStore>();
        var processing = await WaitForStartupProcessingAsync(store);
        var done = await JobWait.UntilFinishedAsync(factory.Services.GetRequiredService<IJobQueue>(), processing.Id);

        Assert.Equal(JobStates.Succeeded, done.State);
        Assert.Equal(JobRequesters.Startup, done.RequestedBy);
        await using var db = factory.Services.GetRequiredService<JiraQualityContextFactory>().CreateDbContext();
        var prepared = await db.PreparedConversations.CountAsync(Ct);
        var rows = await db.ProcessedConversations.AsNoTracking().ToListAsync(Ct);
        Assert.Equal(30, prepared);
        Assert.Equal(prepared, rows.Count);
        Assert.All(rows, r => Assert.Equal(ScorerKinds.Heuristic, r.ScorerKind));
    }

    [Fact]
    public async Task With_the_sample_turned_off_nothing_is_imported_or_queued()
    {
        await using var factory = new JiraQualityAppFactory();
        new SampleExportGenerator(new SampleExportSettings { Tickets = 5 }).WriteFile(Path.Combine(factory.DataDirectory, new SampleOptions().File));
        var store = factory.Services.GetRequiredService<JobStore>();

        // The sample import runs once at start-up: when its service has finished, it has decided.
        var sample = factory.Services.GetRequiredService<SampleImportService>();
        await sample.ExecuteTask!.WaitAsync(TimeSpan.FromSeconds(30), Ct);

        Assert.Empty(await store.ListAsync(new JobListFilter(), Ct));
        await using var db = factory.Services.GetRequiredService<JiraQualityContextFactory>().CreateDbContext();
        Assert.Equal(0, await db.PreparedConversations.CountAsync(Ct));
    }

    private static async Task<JobSnapshot> WaitForStartupProcessingAsync(JobStore store)
    {
        var deadline = DateTime.UtcNow + JobWait.Timeout;
        while (DateTime.UtcNow < deadline)
        {
            var jobs = await store.ListAsync(new JobListFilter(Kind: JobKinds.Processing), Ct);
            if (jobs.FirstOrDefault(j => j.RequestedBy == JobRequesters.Startup) is { } job)
            {
                return job;
            }

            await Task.Delay(100, Ct);
        }

        throw new TimeoutException("No processing job was queued at start-up.");
    }
}
