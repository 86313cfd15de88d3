using JiraQuality.Core.Jira;
using JiraQuality.Core.Jira.Schedule;
using JiraQuality.Core.Jobs;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace JiraQuality.Tests.Jira;

public sealed class RefreshSchedulerTests
{
    private static readonly JiraOptions ConfiguredJira = new() { BaseUrl = "https://example.atlassian.net", Email = "a@example.com", ApiToken = "t" };

    private static (RefreshScheduler Scheduler, RefreshScheduleState State, RecordingJobQueue Queue, ServiceProvider Services) Create(
        FakeTimeProvider time, ScheduleOptions schedule, JiraOptions jira)
    {
        var queue = new RecordingJobQueue(time);
        var services = new ServiceCollection().AddSingleton<IJobQueue>(queue).BuildServiceProvider();
        var state = new RefreshScheduleState();
        var scheduler = new RefreshScheduler(Options.Create(schedule), Options.Create(jira), state, services.GetRequiredService<IServiceScopeFactory>(), time, NullLogger<RefreshScheduler>.Instance);
        return (scheduler, state, queue, services);
    }

    private static async Task WaitForAsync(Func<bool> condition, string what)
    {
        for (var i = 0; i < 200 && !condition(); i++)
        {
            await Task.Delay(10, TestContext.Current.CancellationToken);
        }

        Assert.True(condition(), "Timed out waiting for " + what);
    }

    [Fact]
    public async Task Queues_a_refresh_at_each_cron_occurrence_as_time_moves()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 26, 6, 10, 0, TimeSpan.Zero));
        var (scheduler, state, queue, services) = Create(time, new ScheduleOptions { Cron = "*/30 * * * *" }, ConfiguredJira);
        await using var _ = services;

        await scheduler.StartAsync(TestContext.Current.CancellationToken);
        await WaitForAsync(() => state.NextRunUtc is not null, "the first planned run");
        Assert.True(state.Active);
        Assert.Equal(new DateTime(2026, 11, 26, 6, 30, 0, DateTimeKind.Utc), state.NextRunUtc);

        // A refresh queued before 6:30 would have planned another one at 6:30: once 7:00 is planned, exactly one ran.
        time.Advance(TimeSpan.FromMinutes(19));
        time.Advance(TimeSpan.FromMinutes(1));
        await WaitForAsync(() => state.NextRunUtc == new DateTime(2026, 11, 26, 7, 0, 0, DateTimeKind.Utc), "the second planned run");
        Assert.Single(queue.Requests);
        time.Advance(TimeSpan.FromMinutes(30));
        await WaitForAsync(() => queue.Requests.Count == 2, "the second scheduled refresh");

        Assert.All(queue.Requests, r => Assert.Equal((JobKinds.Refresh, JobRequesters.Schedule), (r.Kind, r.RequestedBy)));
        await scheduler.StopAsync(TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task Stays_off_without_Jira_when_disabled_or_with_a_bad_expression()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 26, 6, 10, 0, TimeSpan.Zero));
        var cases = new[]
        {
            (new ScheduleOptions(), new JiraOptions(), "Jira is configured"),
            (new ScheduleOptions { Enabled = false }, ConfiguredJira, "Schedule:Enabled"),
            (new ScheduleOptions { Cron = "every now and then" }, ConfiguredJira, "Schedule:Cron"),
        };
        foreach (var (schedule, jira, reason) in cases)
        {
            var (scheduler, state, queue, services) = Create(time, schedule, jira);
            await using var _ = services;
            await scheduler.StartAsync(TestContext.Current.CancellationToken);
            // Off means the scheduler has ended: nothing is left to wake up, however far time moves.
            await scheduler.ExecuteTask!.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
            time.Advance(TimeSpan.FromHours(2));

            Assert.False(state.Active);
            Assert.Contains(reason, state.Reason);
            Assert.Null(state.NextRunUtc);
            Assert.Empty(queue.Requests);
            await scheduler.StopAsync(TestContext.Current.CancellationToken);
        }
    }
}
