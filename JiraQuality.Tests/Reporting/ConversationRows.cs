using JiraQuality.Core.Conversations;
using JiraQuality.Core.Reporting;
using JiraQuality.Core.Reporting.ConversationQueries;
using JiraQuality.Core.Reporting.Dashboard;
using JiraQuality.Core.Scoring.Processing;
using JiraQuality.Tests.Infrastructure;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace JiraQuality.Tests.Reporting;

/// <summary>
/// Deterministic processed conversations for metric tests: the predecessor's default row (§22 fixture),
/// changed per test with a <c>with</c>-style callback.
/// </summary>
public static class ConversationRows
{
    public static readonly DateTime Now = new(2024, 4, 10, 12, 0, 0, DateTimeKind.Utc);

    public static ProcessedConversation Row(string issueKey, DateTime endedUtc, Action<ProcessedConversation>? change = null)
    {
        var row = new ProcessedConversation
        {
            IssueKey = issueKey,
            Status = "Done",
            Resolution = "Done",
            Hub = "Hub A",
            Reporter = "Customer Z",
            CreatedUtc = endedUtc.AddMinutes(-30),
            ConversationStartUtc = endedUtc.AddMinutes(-30),
            ConversationEndUtc = endedUtc,
            DurationMinutes = 30,
            DurationToResolutionMinutes = 25,
            FirstAgentResponseMinutes = 5,
            AvgAgentResponseMinutes = 15,
            MessagesTotal = 6,
            MessagesAgent = 3,
            MessagesCustomer = 3,
            Turns = 3,
            AgentAuthors = "Agent Alpha",
            CustomerAuthors = "Customer Z",
            FirstResponder = "Agent Alpha",
            FirstResponderTier = nameof(AgentTier.Tier1),
            PrimaryAgent = "Agent Alpha",
            PrimaryAgentTier = nameof(AgentTier.Tier1),
            InitialResponseSla5m = true,
            InitialResponseSla15m = true,
            ScorerKind = "heuristic",
            ScorerVersion = "test-1",
            ConversationRating = 4,
            AgentScore = 4,
            CustomerScore = 4,
            ConversationScore = 4,
            Resolved = false,
            ContactReason = "Billing",
            ContactReasonOriginal = "Billing",
            ContactReasonChanged = false,
            ImprovementTip = "Offer proactive updates",
            SentimentPrimary = "Neutral",
            Model = "gpt-4o",
            ProcessedAtUtc = endedUtc,
        };
        change?.Invoke(row);
        return row;
    }

    public static async Task SeedAsync(TestDatabase database, params ProcessedConversation[] rows)
    {
        await using var db = database.Factory.CreateDbContext();
        db.ProcessedConversations.AddRange(rows);
        await db.SaveChangesAsync(TestContext.Current.CancellationToken);
    }

    public static MetricsQuery CreateMetrics(TestDatabase database, MetricsOptions? options = null) =>
        new(database.Factory, new FakeTimeProvider(new DateTimeOffset(Now)), Options.Create(options ?? new MetricsOptions()));

    public static ConversationQuery ConversationQueryFor(TestDatabase database) => new(database.Factory, CreateMetrics(database));

    public static void Scores(ProcessedConversation row, double agent, double customer)
    {
        row.AgentScore = agent;
        row.CustomerScore = customer;
        row.ConversationScore = (agent + customer) / 2;
    }
}
