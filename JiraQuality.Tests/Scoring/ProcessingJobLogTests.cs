using JiraQuality.Core.Ingestion.Import;
using JiraQuality.Benchmarks.Sample;
using JiraQuality.Core.Jobs;
using JiraQuality.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using JiraQuality.Tests.Ingestion;

namespace JiraQuality.Tests.Scoring;

/// <summary>The processing job's stored log, as the Jobs page and the API show it, in the real app.</summary>
public sealed class ProcessingJobLogTests
{
    [Fact]
    public async Task Each_progress_line_appears_once_in_the_job_log()
    {
        await using var factory = new JiraQualityAppFactory();
        var queue = factory.Services.GetRequiredService<IJobQueue>();
        var store = factory.Services.GetRequiredService<JobStore>();
        var ct = TestContext.Current.CancellationToken;
        var file = new SampleExportGenerator(new SampleExportSettings { Tickets = 6 }).WriteFile(Path.Combine(factory.DataDirectory, "six.csv"));
        var request = CsvImportJobHandler.CreateRequest([new ImportFile(file, "six.csv")], JobRequesters.CommandLine, deleteAfter: false);
        var import = await queue.EnqueueAsync(request with { Parameters = new Dictionary<string, string>(request.Parameters) { [JobRunner.ThenParameter] = JobKinds.Processing } }, ct);

        await JobWait.UntilFinishedAsync(queue, import.Id);
        var processing = await JobWait.FollowUpAsync(store, import.Id, JobKinds.Processing);
        Assert.Equal(JobStates.Succeeded, (await JobWait.UntilFinishedAsync(queue, processing.Id)).State);

        var progressLines = (await store.GetDetailsAsync(processing.Id, ct))!.LogTail
            .Where(l => l.StartsWith("Processing progress:", StringComparison.Ordinal))
            .ToList();
        Assert.Equal("Processing progress: 0/6 (0.0%)", progressLines[0]);
        Assert.Equal(7, progressLines.Count);
        Assert.Equal(progressLines.Count, progressLines.Distinct().Count());
        Assert.StartsWith("Processing progress: 6/6 (100.0%) [", progressLines[^1]);
    }
}
