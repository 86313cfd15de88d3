using JiraQuality.Core.Jobs;
using JiraQuality.Tests.Infrastructure;
using JiraQuality.Web.Features.Instances;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.StackExchangeRedis;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using JiraQuality.Web.Features.Jobs;

namespace JiraQuality.Tests.Instances;

/// <summary>
/// With <c>SignalR:Redis</c> set, the <c>/hubs/jobs</c> messages of a job on instance A reach the hub clients of
/// instance B through a real throwaway redis-server, each once; without it nothing changes.
/// </summary>
public sealed class RedisBackplaneTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_client_of_instance_B_receives_each_update_log_line_and_end_of_a_job_on_instance_A_once_through_redis()
    {
        await using var redis = await RedisServer.StartOrSkipAsync();
        await using var instances = await TwoInstances.StartAsync(
            new Dictionary<string, string?>
            {
                ["SignalR:Redis"] = redis.ConnectionString,

                // The job-table poll cannot be what delivers anything within the test.
                ["Jobs:ClusterPollInterval"] = "00:10:00",
            },
            settings => new PingAppFactory(settings));
        Assert.IsType<RedisHubLifetimeManager<JobsHub>>(instances.B.Services.GetRequiredService<HubLifetimeManager<JobsHub>>());

        await using var client = await PingWatcher.ConnectAsync(instances.UrlB, await instances.B.HubSignInAsync(), Ct);

        var job = await instances.A.Services.GetRequiredService<IJobQueue>().EnqueueAsync(new JobRequest(PingHandler.KindName, JobRequesters.Page), Ct);
        await client.WatchAsync(job.Id, instances, Ct);
        await StoredUploadTests.WaitAsync(() => Task.FromResult(!client.Ends.IsEmpty), "the job's end on B's client");

        // A one-ping job on A after it: its end reaches B's client through the same relays, after anything of the first
        // job sent twice.
        var marker = await instances.A.Services.GetRequiredService<IJobQueue>().EnqueueAsync(
            new JobRequest(PingHandler.KindName, JobRequesters.Page, new Dictionary<string, string> { [PingHandler.ItemsParameter] = "1" }), Ct);
        await StoredUploadTests.WaitAsync(() => Task.FromResult(client.Ends.Any(e => e.Id == marker.Id)), "the later job's end on B's client");

        Assert.Equal(JobStates.Succeeded, Assert.Single(client.Ends, e => e.Id == job.Id).State);
        var received = client.Updates.Where(u => u.Message.Id == job.Id).ToList();
        Assert.True(received.Count >= 20, $"B's client saw {received.Count} updates of A's job");

        // Sent by A's own relay (B's would mark them as read from another instance), so they came through Redis.
        Assert.All(received, u => Assert.False(u.Message.FromOtherInstance, "an update relayed by B from LISTEN/NOTIFY"));
        Assert.Equal(received.Count, received.Select(u => u.Message.CurrentItem).Distinct().Count());

        // The log lines go to the group of B's client, across instances, once each and in order.
        var lines = client.Logs.Where(l => l.JobId == job.Id).Select(l => l.Line).ToList();
        Assert.Equal(["ping 1", "ping 2", "ping 3"], lines.Where(l => l.StartsWith("ping", StringComparison.Ordinal)));
        Assert.Equal(lines.Distinct(), lines);

        var latencies = received.Select(u => u.LatencyMs).Order().ToList();
        var p95 = latencies[Math.Min(latencies.Count - 1, (int)Math.Ceiling(0.95 * latencies.Count) - 1)];
        await File.WriteAllTextAsync(
            Path.Combine(TestEnvironment.ArtifactsDirectory, "redis-backplane-latency.txt"),
            $"{DateTime.UtcNow:O} updates={latencies.Count} p50={latencies[latencies.Count / 2]:F1}ms p95={p95:F1}ms max={latencies[^1]:F1}ms\n",
            Ct);
        Assert.True(p95 < 250, $"p95 {p95:F1} ms (max {latencies[^1]:F1} ms, n {latencies.Count})");
    }

    [Fact]
    public void Without_the_setting_the_jobs_hub_stays_in_process_and_a_bad_connection_string_names_the_setting()
    {
        var none = new ServiceCollection().AddRedisBackplane(new ConfigurationBuilder().Build());
        Assert.False(none.BuildServiceProvider().GetRequiredService<SignalRBackplane>().Enabled);
        Assert.DoesNotContain(none, d => d.ServiceType == typeof(HubLifetimeManager<JobsHub>));

        var bad = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["SignalR:Redis"] = "127.0.0.1:6379,password=secret-value,nosuchoption=1" }).Build();
        var error = Assert.Throws<InvalidOperationException>(() => new ServiceCollection().AddRedisBackplane(bad));
        Assert.Contains("SignalR:Redis", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("secret-value", error.Message, StringComparison.Ordinal);
    }
}
