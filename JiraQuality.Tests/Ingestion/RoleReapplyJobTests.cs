using JiraQuality.Core.Agents.Directory;
using JiraQuality.Core.Ingestion.Prepared;
using JiraQuality.Core.Ingestion.Roles;
using JiraQuality.Core.Jobs;
using JiraQuality.Core.Scoring.Processing;
using JiraQuality.Core.Storage;
using JiraQuality.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace JiraQuality.Tests.Ingestion;

/// <summary>The reapply-roles job in the real app, its runner and its processing follow-up, on both databases.</summary>
public sealed class RoleReapplyJobTests
{

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_job_rewrites_only_changed_threads_and_its_processing_follow_up_rescores_only_them(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var app = new JiraQualityAppFactory(new Dictionary<string, string?>
        {
            ["Database:Provider"] = provider.ToString(),
            ["ConnectionStrings:JiraQuality"] = db.Options.ConnectionString,
            ["Scoring:Scorer"] = "heuristic",
        });
        var services = app.Services;
        var directory = services.GetRequiredService<AgentDirectoryService>();
        await directory.ReplaceAllAsync([Agent("712020:ana", "Ana Silva", "Tier 1")], Token);
        await services.GetRequiredService<ITicketIngestor>().IngestAsync(
            [
                DockTickets.Ticket("CC-1", ("qm:rider-1", 0, "Bike stuck"), ("partner:helper-7", 4, "Releasing it"), ("712020:ana", 9, "Done, anything else?"), ("partner:helper-7", 12, "Closing")),
                DockTickets.Ticket("CC-2", ("qm:rider-2", 0, "Charged twice"), ("712020:ana", 10, "Refunded")),
            ],
            Token);
        await services.GetRequiredService<ProcessingService>().RunAsync(new ProcessingRequest(), NullJobProgress.Instance, Token);
        var before = await ProcessedAsync(db, "CC-1");
        var untouched = await ProcessedAsync(db, "CC-2");
        Assert.Equal((9, false, false), (before.FirstAgentResponseMinutes, before.HandedOverFromTier1, before.EscalatedTier1ToTier2));

        await directory.ReplaceAllAsync([Agent("712020:ana", "Ana Silva", "Tier 1"), Agent("partner:helper-7", "Helper Seven", "Tier 2")], Token);
        var queue = services.GetRequiredService<IJobQueue>();
        var store = services.GetRequiredService<JobStore>();
        var fingerprint = (await directory.GetSnapshotAsync(Token)).Fingerprint;
        var job = await queue.EnqueueAsync(RoleReapplyJobHandler.CreateRequest(JobRequesters.CommandLine, fingerprint), Token);

        var processing = await WaitForFollowUpAsync(store, job.Id);
        Assert.Equal(JobStates.Succeeded, processing.State);
        var details = await store.GetDetailsAsync(job.Id, Token);
        Assert.Equal(JobStates.Succeeded, details!.Job.State);
        Assert.Contains("to 2 stored conversations: 1 changed (roles, tiers or agent names)", details.Job.Summary);
        Assert.Equal((2, 2), (details.Job.Completed, details.Job.Total));
        Assert.Contains(details.LogTail, line => line.StartsWith("Processing progress: 2/2 (100.0%)", StringComparison.Ordinal));
        Assert.Contains("CC-1: 2 message(s) changed role, tier or author name.", details.LogTail);
        Assert.Contains("Stored 1 processed conversations", processing.Summary);

        var after = await ProcessedAsync(db, "CC-1");
        Assert.Equal(4, after.FirstAgentResponseMinutes);
        Assert.Equal("TIER2", after.FirstResponderTier);
        // Helper (Tier 2) first, then Ana (Tier 1), then the helper again: a hand-over from Tier 1 to another agent.
        Assert.True(after.HandedOverFromTier1);
        Assert.True(after.EscalatedTier1ToTier2);
        Assert.Equal(untouched.ProcessedAtUtc, (await ProcessedAsync(db, "CC-2")).ProcessedAtUtc);

        // Asking again for the same directory changes nothing.
        var again = await queue.EnqueueAsync(RoleReapplyJobHandler.CreateRequest(JobRequesters.CommandLine, fingerprint), Token);
        Assert.NotEqual(job.Id, again.Id);
        var secondProcessing = await WaitForFollowUpAsync(store, again.Id);
        Assert.Contains("0 changed (roles, tiers or agent names)", (await store.FindAsync(again.Id, Token))!.Summary);
        Assert.Equal("No new conversations to process.", secondProcessing.Summary);
        Assert.Equal(after.ProcessedAtUtc, (await ProcessedAsync(db, "CC-1")).ProcessedAtUtc);
    }

    private static async Task<JobSnapshot> WaitForFollowUpAsync(JobStore store, Guid jobId)
    {
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (DateTime.UtcNow < deadline)
        {
            var job = await store.FindAsync(jobId, Token);
            if (job is { State: not (JobStates.Queued or JobStates.Running or JobStates.Succeeded) })
            {
                Assert.Fail($"The reapply-roles job ended {job.State}: {job.Error}");
            }

            // The runner queues the follow-up before it stores the job's own end, so both are waited for.
            if (job is { State: JobStates.Succeeded } && await store.FindFollowUpAsync(jobId, JobKinds.Processing, Token) is { IsActive: false } followUp)
            {
                return followUp;
            }

            await Task.Delay(200, Token);
        }

        throw new TimeoutException($"The processing job after {jobId} did not finish within 90 s.");
    }

    private static AgentDirectoryEntry Agent(string id, string name, string tier) => new() { AccountId = id, DisplayName = name, Tier = tier };

    private static async Task<ProcessedConversation> ProcessedAsync(TestDatabase db, string key)
    {
        await using var context = db.Factory.CreateDbContext();
        return await context.ProcessedConversations.AsNoTracking().SingleAsync(p => p.IssueKey == key, Token);
    }
}
