using JiraQuality.Core.Alerts;
using JiraQuality.Core.Jobs;
using JiraQuality.Core.Scoring.Processing;
using JiraQuality.Core.Storage;
using JiraQuality.Tests.Infrastructure;
using JiraQuality.Tests.Scoring;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace JiraQuality.Tests.Alerts;

/// <summary>The running app: a processing job that ends is followed by rule evaluation and delivery, on each provider.</summary>
public sealed class AlertsAfterProcessingJobTests
{
    internal static async Task<JiraQualityAppFactory> AppAsync(DatabaseProvider provider, IDictionary<string, string?> settings)
    {
        var all = new Dictionary<string, string?>(settings);
        if (provider == DatabaseProvider.Postgres)
        {
            var (server, reason) = await PostgresServer.GetAsync();
            TestEnvironment.RequireOrSkip(server is not null, $"PostgreSQL is not available: {reason}");
            all["Database:Provider"] = "Postgres";
            all["ConnectionStrings:JiraQuality"] = await server!.CreateDatabaseAsync();
        }

        return new JiraQualityAppFactory(all);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_processing_job_that_ends_sends_the_alerts_of_what_it_stored_once(DatabaseProvider provider)
    {
        await using var receiver = await AlertReceiver.StartAsync();
        var settings = AlertTestHost.WebhookChannel(receiver.Url(), "app-secret", "ops", ("customer-abuse", "immediate"));
        // Only the end of the job can make this evaluation happen within the test.
        settings["Alerts:EvaluationInterval"] = "01:00:00";
        await using var app = await AppAsync(provider, settings);
        var services = app.Services;
        var ct = TestContext.Current.CancellationToken;
        var contexts = services.GetRequiredService<IDbContextFactory<JiraQualityDbContext>>();

        // The worker has started and set its watermark before anything was processed.
        await AlertTestHost.WaitForAsync(
            async () => { await using var db = await contexts.CreateDbContextAsync(ct); return await db.Set<AlertCheckpoint>().CountAsync(ct); },
            count => count > 0, "the alert worker to start");

        await using (var db = await contexts.CreateDbContextAsync(ct))
        {
            db.AddRange(ScoringTestSupport.Prepared(AlertTestHost.Abusive("APP-1")), ScoringTestSupport.Prepared(AlertTestHost.Polite("APP-2")));
            await db.SaveChangesAsync(ct);
        }

        var queue = services.GetRequiredService<IJobQueue>();
        var job = await queue.EnqueueAsync(new JobRequest(JobKinds.Processing, JobRequesters.Page, new Dictionary<string, string> { [ProcessingParameters.NoLlm] = "true" }), ct);

        await AlertTestHost.WaitForAsync(() => Task.FromResult(receiver.Requests.Count), c => c >= 1, "the alert to arrive");
        var finished = await queue.GetAsync(job.Id, ct);
        Assert.Equal(JobStates.Succeeded, finished!.State);
        Assert.Contains("\"issueKey\":\"APP-1\"", Assert.Single(receiver.Requests).Text);

        // Re-scoring the same ticket runs another storing job: no second alert.
        var rescore = await queue.EnqueueAsync(new JobRequest(JobKinds.Rescore, JobRequesters.Page, new Dictionary<string, string> { [ProcessingParameters.Issue] = "APP-1", [ProcessingParameters.NoLlm] = "true" }), ct);
        var rescored = await AlertTestHost.WaitForAsync(() => queue.GetAsync(rescore.Id, ct), j => j is { IsActive: false }, "the rescore to end");
        // The evaluation the rescore's end asks for has run once the watermark moves past that end; it writes the alerts it
        // creates before it moves the watermark, so a second alert would be stored by then.
        var rescoreEnded = rescored!.FinishedAtUtc!.Value;
        await AlertTestHost.WaitForAsync(
            async () => { await using var db = await contexts.CreateDbContextAsync(ct); return await db.Set<AlertCheckpoint>().AsNoTracking().SingleAsync(c => c.Name == AlertEvaluationService.CheckpointName, ct); },
            checkpoint => checkpoint.UpdatedAtUtc >= rescoreEnded, "the evaluation after the rescore");
        Assert.Single(receiver.Requests);
        await using (var db = await contexts.CreateDbContextAsync(ct))
        {
            var delivery = await db.Set<AlertDelivery>().SingleAsync(ct);
            Assert.Equal((AlertDeliveryStates.Sent, "APP-1"), (delivery.State, delivery.Subject));
        }
    }
}
