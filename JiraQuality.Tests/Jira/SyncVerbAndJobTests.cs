using System.CommandLine;
using JiraQuality.Core.Ingestion.Prepared;
using JiraQuality.Core.Jira;
using JiraQuality.Core.Jira.Sync;
using JiraQuality.Core.Jobs;
using JiraQuality.Core.Storage;
using JiraQuality.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using JiraQuality.Web.Features.Jira;
using JiraQuality.Web.Hosting;

namespace JiraQuality.Tests.Jira;

public sealed class SyncVerbAndJobTests
{
    private static readonly DateTime Base = new(2026, 11, 20, 9, 0, 0, DateTimeKind.Utc);

    private static async Task<FakeJiraServer> JiraWithIssuesAsync(int count)
    {
        var jira = await FakeJiraServer.StartAsync();
        for (var i = 1; i <= count; i++)
        {
            jira.AddIssue($"CC-{i}", Base.AddHours(i), $"question {i}", $"answer {i}");
        }

        return jira;
    }

    private static async Task<(int ExitCode, string Output, string Error)> RunSyncAsync(FakeJiraServer jira, TestDatabase db, ITicketIngestor ingestor, params string[] args)
    {
        var command = SyncVerbs.SyncCommand(() => CommandLineApp.BuildHost(services =>
        {
            services.Configure<JiraOptions>(options =>
            {
                options.BaseUrl = jira.BaseUrl;
                options.Email = FakeJiraServer.Email;
                options.ApiToken = FakeJiraServer.ApiToken;
                options.Project = "CC";
                options.PageSize = 2;
            });
            services.AddSingleton<IDbContextFactory<JiraQualityDbContext>>(db.Factory);
            services.AddSingleton(ingestor);
        }));
        var root = new RootCommand { command };
        var output = new StringWriter();
        var error = new StringWriter();
        var exitCode = await root.Parse(["sync", .. args]).InvokeAsync(new InvocationConfiguration { Output = output, Error = error }, TestContext.Current.CancellationToken);
        return (exitCode, output.ToString(), error.ToString());
    }

    [Fact]
    public async Task Sync_verb_dry_run_counts_and_writes_nothing_then_a_capped_run_stores_tickets()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var jira = await JiraWithIssuesAsync(5);
        var ingestor = new RecordingTicketIngestor();

        var dry = await RunSyncAsync(jira, db, ingestor, "--dry-run", "--status-category", "Done", "--start-date", "2026-11-01");

        Assert.Equal(0, dry.ExitCode);
        Assert.Contains("Dry run: 5 Jira issues match", dry.Output);
        Assert.Contains("updated >= \"2026-11-01 00:00\"", dry.Output);
        Assert.Empty(ingestor.Batches);

        var capped = await RunSyncAsync(jira, db, ingestor, "--max-issues", "3", "--project", "CC");

        Assert.Equal(0, capped.ExitCode);
        Assert.Contains("Fetched 3 Jira issues", capped.Output);
        Assert.Equal(["CC-1", "CC-2", "CC-3"], ingestor.Tickets.Select(t => t.IssueKey));
    }

    [Fact]
    public async Task Sync_verb_names_a_bad_option_value()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var jira = await JiraWithIssuesAsync(1);

        var badDate = await RunSyncAsync(jira, db, new RecordingTicketIngestor(), "--start-date", "01/11/2026");
        var badCap = await RunSyncAsync(jira, db, new RecordingTicketIngestor(), "--max-issues", "0");

        Assert.Equal(2, badDate.ExitCode);
        Assert.Contains("--start-date must be a date as yyyy-MM-dd, got '01/11/2026'", badDate.Error);
        Assert.Equal(2, badCap.ExitCode);
        Assert.Contains("--max-issues", badCap.Error);
        Assert.Empty(jira.Requests);
    }

    private sealed class RecordingProcessingHandler : IJobHandler
    {
        public List<JobRequest> Runs { get; } = [];

        public string Kind => JobKinds.Processing;

        public Task<JobResult> RunAsync(JobRequest request, IJobProgress progress, CancellationToken cancellationToken)
        {
            Runs.Add(request);
            return Task.FromResult(new JobResult("Processed 2 conversations."));
        }
    }

    [Fact]
    public async Task Refresh_job_syncs_then_runs_the_processing_handler_registered_for_its_kind()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var jira = await JiraWithIssuesAsync(2);
        var ingestor = new RecordingTicketIngestor();
        var processing = new RecordingProcessingHandler();
        await using var services = JiraTestHost.Build(jira, db.Factory, ingestor, configure: s => s.AddKeyedSingleton<IJobHandler>(JobKinds.Processing, processing));
        await using var scope = services.CreateAsyncScope();
        var refresh = scope.ServiceProvider.GetServices<IJobHandler>().Single(h => h.Kind == JobKinds.Refresh);

        var result = await refresh.RunAsync(new JobRequest(JobKinds.Refresh, JobRequesters.Cron), new RecordingProgress(), TestContext.Current.CancellationToken);

        Assert.Equal(2, ingestor.Tickets.Count);
        var run = Assert.Single(processing.Runs);
        Assert.Equal((JobKinds.Processing, JobRequesters.Cron), (run.Kind, run.RequestedBy));
        Assert.Contains("2 new", result.Summary);
        Assert.Contains("Processed 2 conversations.", result.Summary);
    }

    [Fact]
    public async Task Sync_job_reads_its_parameters_and_refuses_bad_ones()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var jira = await JiraWithIssuesAsync(3);
        var ingestor = new RecordingTicketIngestor();
        await using var services = JiraTestHost.Build(jira, db.Factory, ingestor);
        await using var scope = services.CreateAsyncScope();
        var handler = scope.ServiceProvider.GetServices<IJobHandler>().Single(h => h.Kind == JobKinds.JiraSync);
        var parameters = new JiraSyncRequest { MaxIssues = 1, StartDate = new DateOnly(2026, 11, 1) }.ToParameters();

        var result = await handler.RunAsync(new JobRequest(JobKinds.JiraSync, JobRequesters.Page, parameters), new RecordingProgress(), TestContext.Current.CancellationToken);

        Assert.Single(ingestor.Tickets);
        Assert.Contains("Fetched 1 Jira issues", result.Summary);
        var error = await Assert.ThrowsAsync<ArgumentException>(() => handler.RunAsync(
            new JobRequest(JobKinds.JiraSync, JobRequesters.Page, new Dictionary<string, string> { ["maxIssues"] = "lots" }), new RecordingProgress(), TestContext.Current.CancellationToken));
        Assert.Contains("maxIssues", error.Message);
    }
}
