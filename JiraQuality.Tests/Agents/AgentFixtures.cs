using JiraQuality.Core.Agents;
using JiraQuality.Core.Conversations;
using JiraQuality.Core.Identity;
using JiraQuality.Core.Ingestion.Prepared;
using JiraQuality.Core.Reporting.Rollup;
using JiraQuality.Core.Review;
using JiraQuality.Core.Scoring;
using JiraQuality.Core.Storage;
using JiraQuality.Tests.Infrastructure;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using static JiraQuality.Tests.Reporting.ConversationRows;

namespace JiraQuality.Tests.Agents;

/// <summary>
/// Two hubs, three agents with Cloud account ids, and threads holding the messages that made conversations flagged,
/// so every figure of the agent pages can be counted by hand.
/// </summary>
public static class AgentFixtures
{
    public const string Alice = "712020:0000000a-aaaa-4aaa-8aaa-00000000000a";
    public const string Bob = "557058:0000000b-bbbb-4bbb-8bbb-00000000000b";
    public const string Carol = "5b10ac8d82e05b22cc7d4ef5";

    /// <summary>
    /// In the 7 days before <see cref="Now"/>:
    /// Alice (Hub A) holds A-1 (score 4, tip about speed), A-2 (score 2, profane reply "damn", escalated, tip about speed)
    /// and A-3 (score 3, abusive customer "idiot", tip about empathy); Bob (Hub A) holds A-4 (score 5) and answered
    /// first on A-2 before Alice took it over; Carol (Hub B) holds B-1 (score 1, profane "crap").
    /// Alice also holds A-OLD, 20 days old (outside 7 d, inside 30 d).
    /// </summary>
    public static async Task SeedAsync(JiraQualityContextFactory factory)
    {
        await using var db = factory.CreateDbContext();
        db.ProcessedConversations.AddRange(
            Row("A-1", Now.AddHours(-2), r => { r.PrimaryAgent = Alice; r.AgentAuthors = Alice; r.FirstResponder = Alice; Scores(r, 4, 4); r.ImprovementTip = "Respond faster to the first message."; }),
            Row("A-2", Now.AddHours(-30), r =>
            {
                r.PrimaryAgent = Alice; r.AgentAuthors = Bob + ";" + Alice; r.FirstResponder = Bob; Scores(r, 2, 3);
                r.AgentProfanityDetected = true; r.AgentProfanityCount = 1; r.EscalatedTier1ToTier2 = true; r.HandedOverFromTier1 = true;
                r.ImprovementTip = "respond  FASTER to the first message!";
            }),
            Row("A-3", Now.AddDays(-3), r =>
            {
                r.PrimaryAgent = Alice; r.AgentAuthors = Alice; r.FirstResponder = Alice; Scores(r, 3, 2);
                r.CustomerAbuseDetected = true; r.CustomerAbuseCount = 1; r.ImprovementTip = "Acknowledge the customer's frustration.";
            }),
            Row("A-4", Now.AddDays(-4), r => { r.PrimaryAgent = Bob; r.AgentAuthors = Bob; r.FirstResponder = Bob; Scores(r, 5, 5); r.ImprovementTip = null; }),
            Row("B-1", Now.AddHours(-5), r =>
            {
                r.Hub = "Hub B"; r.PrimaryAgent = Carol; r.AgentAuthors = Carol; r.FirstResponder = Carol; Scores(r, 1, 1);
                r.AgentProfanityDetected = true; r.AgentProfanityCount = 1; r.ImprovementTip = "Keep the customer informed.";
            }),
            Row("A-OLD", Now.AddDays(-20), r => { r.PrimaryAgent = Alice; r.AgentAuthors = Alice; Scores(r, 1, 1); }));
        db.PreparedConversations.AddRange(
            Prepared("A-2", "Hub A",
                Message(1, Now.AddHours(-31), "Customer Z", MessageRole.Customer, "My order is late."),
                Message(2, Now.AddHours(-30.9), Bob, MessageRole.Agent, "Passing this on to Tier 2."),
                Message(3, Now.AddHours(-30.5), Alice, MessageRole.Agent, "Damn, the courier lost it. Write to alice@example.com."),
                Message(4, Now.AddHours(-30.4), Alice, MessageRole.Agent, "Damn this is internal.", isInternal: true)),
            Prepared("A-3", "Hub A",
                Message(1, Now.AddDays(-3).AddMinutes(-20), "Customer Z", MessageRole.Customer, "You are an idiot."),
                Message(2, Now.AddDays(-3), Alice, MessageRole.Agent, "I understand, let me help.")),
            Prepared("B-1", "Hub B",
                Message(1, Now.AddHours(-6), "Customer Y", MessageRole.Customer, "Hello?"),
                Message(2, Now.AddHours(-5), Carol, MessageRole.Agent, "What crap is this.")));
        await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        await MetricsRollupMaintenance.RebuildAsync(db, TestContext.Current.CancellationToken);
    }

    /// <summary>A review of Alice's A-1 (total 80) and one of Bob's A-4 (total 60), both updated an hour ago.</summary>
    public static async Task SeedReviewsAsync(JiraQualityContextFactory factory)
    {
        await using var db = factory.CreateDbContext();
        db.Set<ConversationReview>().AddRange(
            new ConversationReview { Id = Guid.NewGuid(), IssueKey = "A-1", ReviewerId = "r1", ReviewerEmail = "r1@example.net", ScorecardVersion = 1, Total = 80, Agent = Alice, Hub = "Hub A", CreatedAtUtc = Now.AddHours(-1), UpdatedAtUtc = Now.AddHours(-1) },
            new ConversationReview { Id = Guid.NewGuid(), IssueKey = "A-4", ReviewerId = "r1", ReviewerEmail = "r1@example.net", ScorecardVersion = 1, Total = 60, Agent = Bob, Hub = "Hub A", CreatedAtUtc = Now.AddHours(-1), UpdatedAtUtc = Now.AddHours(-1) });
        await db.SaveChangesAsync(TestContext.Current.CancellationToken);
    }

    public static AgentsQuery Query(TestDatabase database)
    {
        var time = new FakeTimeProvider(new DateTimeOffset(Now));
        var reviews = new ReviewQualityQuery(database.Factory, new ScorecardStore(database.Factory, new AuditLog(database.Factory, time), time));
        return new AgentsQuery(database.Factory, CreateMetrics(database), Options.Create(new ScoringOptions()), reviews);
    }

    private static ConversationMessage Message(int index, DateTime at, string author, MessageRole role, string text, bool isInternal = false) => new()
    {
        Index = index,
        TimestampUtc = at,
        AuthorId = author,
        AuthorName = author switch { Alice => "Alice Archer", Bob => "Bob Brown", Carol => "Carol Chen", _ => author },
        Role = role,
        IsInternal = isInternal,
        Text = text,
        RedactedText = text.Replace("alice@example.com", "[EMAIL]", StringComparison.Ordinal),
    };

    private static PreparedConversation Prepared(string key, string hub, params ConversationMessage[] messages) => new()
    {
        IssueKey = key,
        Summary = "Ticket " + key,
        Reporter = "Customer Z",
        Status = "Done",
        Hub = hub,
        ThreadJson = ConversationJson.SerializeMessages(messages),
        PreparedAtUtc = Now,
        ContentHash = key,
    };
}
