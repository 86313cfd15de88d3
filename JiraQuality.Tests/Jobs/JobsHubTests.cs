using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using JiraQuality.Core.Jobs;
using JiraQuality.Tests.Infrastructure;
using Microsoft.AspNetCore.SignalR.Client;
using JiraQuality.Web.Features.Jobs;

namespace JiraQuality.Tests.Jobs;

/// <summary>The app on Kestrel, followed by the real .NET SignalR client and plain HTTP.</summary>
public sealed class JobsHubTests
{
    [Fact]
    public async Task A_monitor_on_the_hub_follows_a_job_from_queued_to_finished_with_its_progress_lines_which_only_watchers_get()
    {
        await using var factory = new JobsAppFactory(new JobScript());
        var baseUrl = factory.StartKestrel();
        var updates = new ConcurrentQueue<JobMessage>();
        var logs = new ConcurrentQueue<JobLogMessage>();
        var finished = new TaskCompletionSource<JobMessage>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var connection = new HubConnectionBuilder().WithUrl(baseUrl + JobsHub.Path, await factory.HubSignInAsync()).Build();
        connection.On<JobMessage>(JobsHub.JobUpdated, updates.Enqueue);
        connection.On<JobLogMessage>(JobsHub.JobLog, logs.Enqueue);
        connection.On<JobMessage>(JobsHub.JobFinished, job => finished.TrySetResult(job));
        await connection.StartAsync(TestContext.Current.CancellationToken);

        // A second client that does not watch the job gets its states but none of its log lines.
        var bystanderUpdates = new ConcurrentQueue<JobMessage>();
        var bystanderLogs = new ConcurrentQueue<JobLogMessage>();
        await using var bystander = new HubConnectionBuilder().WithUrl(baseUrl + JobsHub.Path, await factory.HubSignInAsync()).Build();
        bystander.On<JobMessage>(JobsHub.JobUpdated, bystanderUpdates.Enqueue);
        bystander.On<JobLogMessage>(JobsHub.JobLog, bystanderLogs.Enqueue);
        await bystander.StartAsync(TestContext.Current.CancellationToken);

        var job = await factory.Queue.EnqueueAsync(
            RunnerHarness.Request(TestKindBHandler.KindName, "watched", ("items", "3")),
            TestContext.Current.CancellationToken);
        await connection.InvokeAsync(nameof(JobsHub.WatchJob), job.Id, TestContext.Current.CancellationToken);
        await JobWaits.UntilAsync(() => factory.Script.Running(TestKindBHandler.KindName) == 1, "the job to start");
        var active = await connection.InvokeAsync<IReadOnlyList<JobMessage>>("GetActiveJobs", TestContext.Current.CancellationToken);
        Assert.Equal(JobStates.Running, Assert.Single(active, a => a.Id == job.Id).State);
        await JobWaits.UntilAsync(() => updates.Any(u => u.Id == job.Id && u.State == JobStates.Running && u.Total == 3), "the running update");
        factory.Script.Open("watched");

        var done = await finished.Task.WaitAsync(TimeSpan.FromSeconds(20), TestContext.Current.CancellationToken);
        await JobWaits.UntilAsync(() => logs.Any(l => l.Line.StartsWith("watched done", StringComparison.Ordinal)), "the summary line");

        Assert.Equal((job.Id, JobStates.Succeeded, 3, 3, 100.0, "watched done: 3 items"), (done.Id, done.State, done.Completed, done.Total, done.Percent, done.Summary));
        Assert.Contains(logs, l => l.JobId == job.Id && l.Line == "Processing progress: 3/3 (100.0%) [TEST-3]");
        Assert.Equal(TestKindBHandler.KindName, done.Kind);
        Assert.Contains(bystanderUpdates, u => u.Id == job.Id);
        Assert.Empty(bystanderLogs);
    }

    [Fact]
    public async Task The_jobs_api_lists_filters_shows_and_cancels_jobs()
    {
        await using var factory = new JobsAppFactory(new JobScript());
        factory.StartKestrel();
        var client = factory.CreateClient();
        var ct = TestContext.Current.CancellationToken;
        var done = await factory.Queue.EnqueueAsync(RunnerHarness.Request(TestKindAHandler.KindName, "done", ("gate", "open"), ("items", "2")), ct);
        await JobWaits.UntilAsync(() => factory.Queue.GetAsync(done.Id, ct).Result?.State == JobStates.Succeeded, "the first job");
        var running = await factory.Queue.EnqueueAsync(RunnerHarness.Request(TestKindBHandler.KindName, "running"), ct);
        await JobWaits.UntilAsync(() => factory.Script.Running(TestKindBHandler.KindName) == 1, "the second job to start");

        var all = await client.GetFromJsonAsync<List<JobMessage>>("/api/jobs", ct);
        Assert.Equal([running.Id, done.Id], all!.Select(j => j.Id));
        var succeeded = await client.GetFromJsonAsync<List<JobMessage>>("/api/jobs?state=succeeded", ct);
        Assert.Equal([done.Id], succeeded!.Select(j => j.Id));
        var ofKind = await client.GetFromJsonAsync<List<JobMessage>>($"/api/jobs?kind={TestKindBHandler.KindName}", ct);
        Assert.Equal([running.Id], ofKind!.Select(j => j.Id));
        var badState = await client.GetAsync("/api/jobs?state=finished", ct);
        Assert.Equal(HttpStatusCode.BadRequest, badState.StatusCode);
        Assert.Contains("Unknown state 'finished'", await badState.Content.ReadAsStringAsync(ct));

        using var details = JsonDocument.Parse(await client.GetStringAsync($"/api/jobs/{done.Id}", ct));
        Assert.Equal("succeeded", details.RootElement.GetProperty("job").GetProperty("state").GetString());
        Assert.Equal("done", details.RootElement.GetProperty("parameters").GetProperty("name").GetString());
        Assert.Contains(details.RootElement.GetProperty("logTail").EnumerateArray(), l => l.GetString() == "Processing progress: 2/2 (100.0%) [TEST-2]");
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/jobs/{Guid.NewGuid()}", ct)).StatusCode);

        // A signed-in browser's post carries the antiforgery token.
        await JiraQualityAppFactory.AddAntiforgeryAsync(client);
        Assert.Equal(HttpStatusCode.Accepted, (await client.PostAsync($"/api/jobs/{running.Id}/cancel", null, ct)).StatusCode);
        await JobWaits.UntilAsync(() => factory.Queue.GetAsync(running.Id, ct).Result?.State == JobStates.Cancelled, "the cancellation");
        var again = await client.PostAsync($"/api/jobs/{running.Id}/cancel", null, ct);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Contains("is cancelled", await again.Content.ReadAsStringAsync(ct));
        Assert.Equal(HttpStatusCode.NotFound, (await client.PostAsync($"/api/jobs/{Guid.NewGuid()}/cancel", null, ct)).StatusCode);
    }
}
