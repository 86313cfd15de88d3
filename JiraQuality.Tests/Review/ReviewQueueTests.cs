using JiraQuality.Core.Identity;
using JiraQuality.Core.Review;
using JiraQuality.Core.Scoring.Processing;
using JiraQuality.Core.Storage;
using JiraQuality.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace JiraQuality.Tests.Review;

/// <summary>Assignments sampled by filter and "my queue" progress, on both providers.</summary>
public sealed class ReviewQueueTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<string> AddUserAsync(ReviewTestServices services, string email, string role)
    {
        await using var scope = services.Services.CreateAsyncScope();
        var added = await scope.ServiceProvider.GetRequiredService<UserAdministration>().AddAsync(email, role, null, "test", Ct);
        Assert.True(added.Succeeded);
        await using var db = services.Database.Factory.CreateDbContext();
        return await db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync(Ct);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Assignments_sample_by_filter_skip_reviewed_conversations_and_count_progress(DatabaseProvider provider)
    {
        await using var services = await ReviewTestServices.CreateAsync(provider);
        var anaId = await AddUserAsync(services, "ana@support.example", Roles.Analyst);
        await AddUserAsync(services, "vi@support.example", Roles.Viewer);
        var end = services.Time.GetUtcNow().UtcDateTime.AddHours(-1);
        await using (var db = services.Database.Factory.CreateDbContext())
        {
            void Add(string key, double? score, bool abuse = false, bool? sla15 = true, bool? resolved = true, bool escalated = false, int daysAgo = 0) =>
                db.ProcessedConversations.Add(new ProcessedConversation
                {
                    IssueKey = key,
                    Status = "Done",
                    ConversationEndUtc = end.AddDays(-daysAgo),
                    ConversationScore = score,
                    AgentScore = score,
                    CustomerAbuseDetected = abuse,
                    InitialResponseSla15m = sla15,
                    Resolved = resolved,
                    EscalatedTier1ToTier2 = escalated,
                    ScorerKind = "heuristic",
                    ScorerVersion = "h-1",
                    ProcessedAtUtc = end,
                });
            Add("Q-1", 4.5);
            Add("Q-2", 1.5, abuse: true);
            Add("Q-3", 2.0, sla15: false);
            Add("Q-4", 3.0, resolved: false, escalated: true);
            Add("Q-5", 1.0, daysAgo: 30);
            Add("Q-6", null, abuse: true);
            await db.SaveChangesAsync(Ct);
        }

        await services.ReviewAsync("Q-3", "ana@support.example", ("agent_score", 2));
        await using (var db = services.Database.Factory.CreateDbContext())
        {
            // ReviewAsync stores under "id-<email>"; the queue knows the reviewer by their user id.
            var review = await db.Set<ConversationReview>().SingleAsync(Ct);
            review.ReviewerId = anaId;
            await db.SaveChangesAsync(Ct);
        }

        var queues = services.Get<ReviewQueueService>();
        var lastWeek = services.Time.GetUtcNow().UtcDateTime.AddDays(-7);

        // Lowest AI scores in the last week, not yet reviewed by ana: Q-3 (2.0) is reviewed, Q-5 is too old →.
        var lowest = await queues.CreateAsync(new AssignmentRequest("Week 45", "ANA@support.example", ReviewSampling.LowestAiScores, 2, lastWeek), "admin@support.example", Ct);
        Assert.Null(lowest.Problem);
        Assert.Equal(["Q-2", "Q-4"], lowest.Assignment!.Items.Select(i => i.IssueKey));

        var abuse = await queues.CreateAsync(new AssignmentRequest("Abuse", "ana@support.example", ReviewSampling.CustomerAbuse, 10), "admin@support.example", Ct);
        Assert.Equal(["Q-2", "Q-6"], abuse.Assignment!.Items.Select(i => i.IssueKey).Order());
        var escalated = await queues.CreateAsync(new AssignmentRequest("Escalated", "ana@support.example", ReviewSampling.Escalated, 10), "admin@support.example", Ct);
        Assert.Equal(["Q-4"], escalated.Assignment!.Items.Select(i => i.IssueKey));
        var random = await queues.CreateAsync(new AssignmentRequest("Random", "ana@support.example", ReviewSampling.Random, 3), "admin@support.example", Ct);
        Assert.Equal(3, random.Assignment!.Total);
        Assert.DoesNotContain("Q-3", random.Assignment.Items.Select(i => i.IssueKey));
        Assert.Equal("No conversation in the period matches the sampling that the reviewer has not reviewed yet.",
            (await queues.CreateAsync(new AssignmentRequest("SLA", "ana@support.example", ReviewSampling.SlaBreach, 5), "admin@support.example", Ct)).Problem);

        Assert.Equal("reviewer: vi@support.example may not review (analysts and admins review).",
            (await queues.CreateAsync(new AssignmentRequest("x", "vi@support.example", ReviewSampling.Random, 5), "admin@support.example", Ct)).Problem);
        Assert.Equal("reviewer: no user has the e-mail 'nobody@support.example'.",
            (await queues.CreateAsync(new AssignmentRequest("x", "nobody@support.example", ReviewSampling.Random, 5), "admin@support.example", Ct)).Problem);
        Assert.StartsWith("size:", (await queues.CreateAsync(new AssignmentRequest("x", "ana@support.example", ReviewSampling.Random, 0), "admin@support.example", Ct)).Problem);

        var scorecard = await services.Get<ScorecardStore>().GetCurrentAsync(Ct);
        await services.Get<ReviewService>().SaveAsync(new ReviewSubmission("Q-4", anaId, "ana@support.example", scorecard.Version, new Dictionary<string, double?> { ["agent_score"] = 3 }, EveryCategoryRequired: false), Ct);

        var mine = await queues.ForReviewerAsync(anaId, Ct);
        var week = mine.Single(a => a.Name == "Week 45");
        Assert.Equal((1, 2), (week.Done, week.Total));
        Assert.Equal([false, true], week.Items.Select(i => i.Reviewed));
        Assert.Equal(4, mine.Count);
        Assert.Empty(await queues.ForReviewerAsync("someone-else", Ct));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_reviewer_limited_to_a_hub_is_assigned_only_conversations_of_that_hub(DatabaseProvider provider)
    {
        await using var services = await ReviewTestServices.CreateAsync(provider);
        var anaId = await AddUserAsync(services, "ana@support.example", Roles.Analyst);
        await services.AddConversationAsync("BER-1", agent: 3, hub: "Berlin");
        await services.AddConversationAsync("BER-2", agent: 2, hub: "Berlin");
        await services.AddConversationAsync("MAD-1", agent: 1, hub: "Madrid");
        await services.AddConversationAsync("NOH-1", agent: 1, hub: null);
        await using (var db = services.Database.Factory.CreateDbContext())
        {
            await db.Users.Where(u => u.Id == anaId).ExecuteUpdateAsync(u => u.SetProperty(x => x.AllowedHubs, "Berlin"), Ct);
        }

        var queues = services.Get<ReviewQueueService>();
        var assigned = await queues.CreateAsync(new AssignmentRequest("Berlin week", "ana@support.example", ReviewSampling.Random, 10), "admin@support.example", Ct);

        Assert.Null(assigned.Problem);
        Assert.Equal(["BER-1", "BER-2"], assigned.Assignment!.Items.Select(i => i.IssueKey).Order());
    }
}
