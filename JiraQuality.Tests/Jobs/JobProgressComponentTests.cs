using Bunit;
using JiraQuality.Core.Jobs;
using JiraQuality.Core.Storage;
using JiraQuality.Tests.Infrastructure;
using JiraQuality.Web.Features.Jobs;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace JiraQuality.Tests.Jobs;

/// <summary>The progress component and the app-bar indicator, rendered by bUnit against a real runner and database.</summary>
public sealed class JobProgressComponentTests : MudTestContext
{
    private readonly RunnerSlot _slot;

    public JobProgressComponentTests()
        : this(new RunnerSlot())
    {
    }

    private JobProgressComponentTests(RunnerSlot slot)
        : base(slot.Register)
    {
        _slot = slot;
    }

    private async Task<(TestDatabase Db, RunnerHarness Harness, JobScript Script)> StartRunnerAsync(Action<IServiceCollection>? configure = null)
    {
        var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        var script = new JobScript();
        var harness = await RunnerHarness.StartAsync(db, script, configure: configure);
        _slot.Harness = harness;
        return (db, harness, script);
    }

    [Fact]
    public async Task The_chain_shows_an_import_then_the_processing_it_queued_until_both_end()
    {
        var (db, harness, script) = await StartRunnerAsync();
        await using var __ = db;
        await using var ___ = harness;
        var import = await harness.EnqueueAsync(
            TestKindAHandler.KindName, "import", ("items", "2"),
            (JobRunner.ThenParameter, TestKindBHandler.KindName), ("then.name", "processing"), ("then.items", "3"));
        var chainFinished = new System.Collections.Concurrent.ConcurrentQueue<JobSnapshot>();

        var cut = Render<JobChainProgress>(p => p
            .Add(c => c.JobId, import.Id)
            .Add(c => c.FollowUpKinds, [TestKindBHandler.KindName])
            .Add(c => c.OnChainFinished, (JobSnapshot done) => chainFinished.Enqueue(done)));

        cut.WaitForAssertion(() => Assert.Equal("running", cut.Find("[data-step='1'] .job-progress").GetAttribute("data-state")), TimeSpan.FromSeconds(10));
        Assert.Empty(cut.FindAll("[data-step='2']"));
        script.Open("import");
        cut.WaitForAssertion(() =>
        {
            Assert.Equal("succeeded", cut.Find("[data-step='1'] .job-progress").GetAttribute("data-state"));
            Assert.Equal("running", cut.Find("[data-step='2'] .job-progress").GetAttribute("data-state"));
            Assert.Equal("test-b", cut.Find("[data-step='2'] .job-kind").TextContent);
        }, TimeSpan.FromSeconds(10));
        Assert.Empty(chainFinished);

        script.Open("processing");
        cut.WaitForAssertion(() =>
        {
            Assert.Equal("100 %", cut.Find("[data-step='2'] .job-percent").TextContent);
            var last = Assert.Single(chainFinished);
            Assert.Equal((TestKindBHandler.KindName, JobStates.Succeeded), (last.Kind, last.State));
        }, TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task The_finished_listener_calls_back_for_succeeded_jobs_of_its_kinds_only()
    {
        var (db, harness, _) = await StartRunnerAsync();
        await using var __ = db;
        await using var ___ = harness;
        var calls = new System.Collections.Concurrent.ConcurrentQueue<JobSnapshot>();
        Render<JobFinishedListener>(p => p
            .Add(c => c.Kinds, [TestKindBHandler.KindName])
            .Add(c => c.OnFinished, (JobSnapshot job) => calls.Enqueue(job)));

        var otherKind = await harness.EnqueueAsync(TestKindAHandler.KindName, "a", ("gate", "open"));
        var failed = await harness.EnqueueAsync(TestKindBHandler.KindName, "b-fails", ("gate", "open"), ("fail", "broken"));
        await harness.WaitForStateAsync(failed.Id, JobStates.Failed);
        var succeeded = await harness.EnqueueAsync(TestKindBHandler.KindName, "b-works", ("gate", "open"));
        await harness.WaitForStateAsync(succeeded.Id, JobStates.Succeeded);
        await harness.WaitForStateAsync(otherKind.Id, JobStates.Succeeded);

        // A later job of the same kind: its end reaches the listener after every end published before it.
        var later = await harness.EnqueueAsync(TestKindBHandler.KindName, "b-later", ("gate", "open"));
        await harness.WaitForStateAsync(later.Id, JobStates.Succeeded);
        await JobWaits.UntilAsync(() => calls.Any(c => c.Id == later.Id), "the listener to hear of the later job");
        Assert.Equal([succeeded.Id, later.Id], calls.Select(c => c.Id));
    }

    /// <summary>The runner's services, registered before the runner exists (the renderer freezes registrations).</summary>
    private sealed class RunnerSlot
    {
        public RunnerHarness? Harness { get; set; }

        public void Register(IServiceCollection services)
        {
            services.AddSingleton<IJobQueue>(_ => Started.Runner);
            services.AddSingleton(_ => Started.Store);
            services.AddSingleton<IJobEvents>(_ => Started.Events);
        }

        private RunnerHarness Started => Harness ?? throw new InvalidOperationException("Start the runner before rendering.");
    }

    [Fact]
    public async Task The_component_follows_a_running_job_to_100_percent_with_its_log_and_reports_the_finish()
    {
        var (db, harness, script) = await StartRunnerAsync();
        await using var _ = db;
        await using var __ = harness;
        var finished = new System.Collections.Concurrent.ConcurrentQueue<JobSnapshot>();
        var job = await harness.EnqueueAsync(TestKindBHandler.KindName, "steps", ("gate", "open"), ("items", "4"), ("stepGate", "s"));
        await JobWaits.UntilAsync(() => script.Running(TestKindBHandler.KindName) == 1, "the job to start");

        var cut = Render<JobProgress>(p => p
            .Add(c => c.JobId, job.Id)
            .Add(c => c.ShowLog, true)
            .Add(c => c.OnFinished, (JobSnapshot done) => finished.Enqueue(done)));

        cut.WaitForAssertion(() =>
        {
            Assert.Equal("1 / 4", cut.Find(".job-counts").TextContent);
            Assert.Equal("25 %", cut.Find(".job-percent").TextContent);
            Assert.Equal("TEST-1", cut.Find(".job-current").TextContent);
            Assert.Equal("running", cut.Find(".job-progress").GetAttribute("data-state"));
        }, TimeSpan.FromSeconds(10));

        script.Open("s-1");
        script.Open("s-2");
        script.Open("s-3");

        cut.WaitForAssertion(() =>
        {
            Assert.Equal("succeeded", cut.Find(".job-progress").GetAttribute("data-state"));
            Assert.Equal("100 %", cut.Find(".job-percent").TextContent);
            Assert.Equal("4 / 4", cut.Find(".job-counts").TextContent);
            Assert.Equal("steps done: 4 items", cut.Find(".job-summary").TextContent);
            Assert.Contains("Processing progress: 4/4 (100.0%) [TEST-4]", cut.Find("pre.job-log").TextContent);
        }, TimeSpan.FromSeconds(10));
        cut.WaitForAssertion(() => Assert.Equal(job.Id, Assert.Single(finished).Id));
        Assert.Equal("Progress of the test-b job", cut.Find(".mud-progress-linear").GetAttribute("aria-label"));
    }

    [Fact]
    public async Task A_log_line_written_before_the_page_opened_shows_although_the_stored_tail_has_not_caught_up()
    {
        // The stored tail is written once per save interval; here it never catches up while the test runs.
        var (db, harness, script) = await StartRunnerAsync(services =>
            services.Configure<JobOptions>(options => options.ProgressSaveInterval = TimeSpan.FromHours(1)));
        await using var _ = db;
        await using var __ = harness;
        var job = await harness.EnqueueAsync(TestKindBHandler.KindName, "quiet", ("gate", "open"), ("items", "3"), ("stepGate", "q"));
        await JobWaits.UntilAsync(() => harness.Runner.GetLiveLogTail(job.Id)?.Any(line => line.Contains("1/3", StringComparison.Ordinal)) == true, "the job to log its first item");
        Assert.DoesNotContain("1/3", string.Join("\n", (await harness.Store.GetDetailsAsync(job.Id, Xunit.TestContext.Current.CancellationToken))!.LogTail));

        var cut = Render<JobProgress>(p => p.Add(c => c.JobId, job.Id).Add(c => c.ShowLog, true));

        cut.WaitForAssertion(() => Assert.Contains("Processing progress: 1/3 (33.3%) [TEST-1]", cut.Find("pre.job-log").TextContent), TimeSpan.FromSeconds(10));
        script.Open("q-1");
        cut.WaitForAssertion(() =>
        {
            var lines = cut.Find("pre.job-log").TextContent.Split('\n');
            Assert.Equal(["Processing progress: 1/3 (33.3%) [TEST-1]", "Processing progress: 2/3 (66.7%) [TEST-2]"], lines[^2..]);
        }, TimeSpan.FromSeconds(10));
        script.Open("q-2");
    }

    [Fact]
    public async Task A_flood_of_updates_renders_at_most_ten_times_a_second_and_ends_on_the_last_state()
    {
        var (db, harness, _) = await StartRunnerAsync();
        await using var __ = db;
        await using var ___ = harness;
        var job = await harness.EnqueueAsync(TestKindAHandler.KindName, "held");
        await harness.WaitForStateAsync(job.Id, JobStates.Running);
        var cut = Render<JobProgress>(p => p.Add(c => c.JobId, job.Id));
        cut.WaitForAssertion(() => Assert.Equal("running", cut.Find(".job-progress").GetAttribute("data-state")));
        var rendersBefore = cut.RenderCount;
        var running = (await harness.Runner.GetAsync(job.Id, Xunit.TestContext.Current.CancellationToken))!;

        harness.Events.PublishUpdate(new JobProgressUpdate(running with { Completed = 0, Total = 2000, CurrentItem = "KEY-0" }, null, null));
        cut.WaitForAssertion(() => Assert.Equal("KEY-0", cut.Find(".job-current").TextContent));
        await Task.Delay(300, Xunit.TestContext.Current.CancellationToken);
        var perBatch = cut.RenderCount - rendersBefore;
        rendersBefore = cut.RenderCount;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        for (var i = 1; i <= 2000; i++)
        {
            harness.Events.PublishUpdate(new JobProgressUpdate(running with { Completed = i, Total = 2000, CurrentItem = $"KEY-{i}" }, null, null));
            if (i % 20 == 0)
            {
                await Task.Delay(5, Xunit.TestContext.Current.CancellationToken);
            }
        }

        clock.Stop();
        cut.WaitForAssertion(() => Assert.Equal("KEY-2000", cut.Find(".job-current").TextContent), TimeSpan.FromSeconds(5));
        var renders = cut.RenderCount - rendersBefore;
        var allowed = ((int)(clock.ElapsedMilliseconds / 100) + 3) * perBatch;
        Assert.InRange(perBatch, 1, 20);
        Assert.True(renders <= allowed, $"{renders} renders for 2000 updates in {clock.ElapsedMilliseconds} ms (allowed {allowed})");
        Assert.Equal("2,000 / 2,000", cut.Find(".job-counts").TextContent);
    }

    [Fact]
    public async Task An_unknown_job_says_so()
    {
        var (db, harness, _) = await StartRunnerAsync();
        await using var __ = db;
        await using var ___ = harness;
        var missing = Guid.NewGuid();

        var cut = Render<JobProgress>(p => p.Add(c => c.JobId, missing));

        cut.WaitForAssertion(() => Assert.Contains($"No job with id {missing}.", cut.Find(".mud-alert").TextContent));
    }

    [Fact]
    public async Task A_job_that_already_ended_shows_its_final_state_and_reports_the_finish_once()
    {
        var (db, harness, _) = await StartRunnerAsync();
        await using var __ = db;
        await using var ___ = harness;
        var job = await harness.EnqueueAsync(TestKindAHandler.KindName, "over", ("gate", "open"), ("items", "1"), ("fail", "the CSV header has no 'Issue key' column"));
        await harness.WaitForStateAsync(job.Id, JobStates.Failed);
        var finished = new System.Collections.Concurrent.ConcurrentQueue<JobSnapshot>();

        var cut = Render<JobProgress>(p => p.Add(c => c.JobId, job.Id).Add(c => c.OnFinished, (JobSnapshot done) => finished.Enqueue(done)));

        cut.WaitForAssertion(() =>
        {
            Assert.Equal("failed", cut.Find(".job-progress").GetAttribute("data-state"));
            Assert.Equal("the CSV header has no 'Issue key' column", cut.Find(".job-error").TextContent.Trim());
            Assert.Equal(JobStates.Failed, Assert.Single(finished).State);
        });
    }

    [Fact]
    public async Task The_app_bar_indicator_links_to_the_running_job_and_disappears_when_it_ends()
    {
        var (db, harness, script) = await StartRunnerAsync();
        await using var __ = db;
        await using var ___ = harness;
        Render<MudPopoverProvider>();
        var cut = Render<JobsIndicator>();
        Assert.Empty(cut.FindAll("#jobs-indicator"));

        var job = await harness.EnqueueAsync(TestKindBHandler.KindName, "indicated", ("items", "2"));

        cut.WaitForAssertion(() =>
        {
            var link = cut.Find("#jobs-indicator");
            Assert.Equal($"/jobs/{job.Id}", link.GetAttribute("href"));
            Assert.Contains("test-b job running", link.GetAttribute("aria-label"));
        }, TimeSpan.FromSeconds(10));

        script.Open("indicated");
        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll("#jobs-indicator")), TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task The_app_bar_indicator_says_when_the_job_runs_on_another_instance()
    {
        var (db, harness, _) = await StartRunnerAsync();
        await using var __ = db;
        await using var ___ = harness;
        Render<MudPopoverProvider>();
        var cut = Render<JobsIndicator>();
        var elsewhere = new JobSnapshot(
            Guid.NewGuid(), JobKinds.JiraSync, JobStates.Running, JobRequesters.Schedule, 40, 80, "ITSM-7",
            DateTime.UtcNow, DateTime.UtcNow, null, null, null);

        // What the cluster monitor publishes for a sync another instance runs.
        Assert.True(harness.Events.PublishFromOtherInstance(new JobProgressUpdate(elsewhere, 2.0, TimeSpan.FromSeconds(20))));

        cut.WaitForAssertion(() =>
        {
            var link = cut.Find("#jobs-indicator");
            Assert.Equal($"/jobs/{elsewhere.Id}", link.GetAttribute("href"));
            Assert.Equal("jira-sync job running on another instance, 50 %: open it", link.GetAttribute("aria-label"));
            Assert.Equal("true", link.GetAttribute("data-other-instance"));
        }, TimeSpan.FromSeconds(10));

        Assert.True(harness.Events.PublishFinishedFromOtherInstance(elsewhere with { State = JobStates.Succeeded, Completed = 80 }));
        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll("#jobs-indicator")), TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task The_app_bar_indicator_renders_again_only_when_what_it_shows_changes()
    {
        var (db, harness, _) = await StartRunnerAsync();
        await using var __ = db;
        await using var ___ = harness;
        Render<MudPopoverProvider>();
        var cut = Render<JobsIndicator>();
        var job = new JobSnapshot(
            Guid.NewGuid(), JobKinds.Processing, JobStates.Running, JobRequesters.Page, 400, 1000, "ITSM-1",
            DateTime.UtcNow, DateTime.UtcNow, null, null, null);
        Assert.True(harness.Events.PublishFromOtherInstance(new JobProgressUpdate(job, 10, null)));
        cut.WaitForAssertion(() => Assert.Contains("40 %", cut.Find("#jobs-indicator").GetAttribute("aria-label")), TimeSpan.FromSeconds(10));
        var renders = cut.RenderCount;

        // Nine updates within the same whole percent: nothing it shows changes, so nothing is sent to the browser.
        for (var completed = 401; completed <= 409; completed++)
        {
            Assert.True(harness.Events.PublishFromOtherInstance(new JobProgressUpdate(job with { Completed = completed, CurrentItem = $"ITSM-{completed}" }, 10, null)));
            await Task.Delay(30, Xunit.TestContext.Current.CancellationToken);
        }

        await Task.Delay(400, Xunit.TestContext.Current.CancellationToken);
        Assert.Equal(renders, cut.RenderCount);

        Assert.True(harness.Events.PublishFromOtherInstance(new JobProgressUpdate(job with { Completed = 500 }, 10, null)));
        cut.WaitForAssertion(() => Assert.Contains("50 %", cut.Find("#jobs-indicator").GetAttribute("aria-label")), TimeSpan.FromSeconds(10));
        Assert.True(cut.RenderCount > renders);
    }
}
