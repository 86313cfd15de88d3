using System.Text.Json;
using JiraQuality.Core.Storage;
using JiraQuality.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using static JiraQuality.Tests.Reporting.ConversationRows;

namespace JiraQuality.Tests.Reporting;

/// <summary>
/// The JSON of <c>GET /api/conversations/{key}</c> is a public contract (scripts read it): its field names and order
/// stay the same whatever type the server builds it from.
/// </summary>
public sealed class ConversationDetailApiTests
{
    private static readonly string[] TopLevel = ["issueKey", "redacted", "processed", "scores", "thread"];

    private static readonly string[] ProcessedFields =
    [
        "issueKey", "status", "resolution", "hub", "reporter", "createdUtc", "conversationStartUtc",
        "conversationEndUtc", "referenceUtc", "durationMinutes", "durationToResolutionMinutes",
        "firstAgentResponseMinutes", "avgAgentResponseMinutes", "avgCustomerResponseMinutes", "messagesTotal",
        "messagesAgent", "messagesCustomer", "messagesInternal", "turns", "agentAuthors", "customerAuthors",
        "firstResponder", "firstResponderTier", "primaryAgent", "primaryAgentTier", "initialResponseSla5m",
        "initialResponseSla15m", "agentProfanityCount", "agentProfanityDetected", "customerAbuseCount",
        "customerAbuseDetected", "escalatedTier1ToTier2", "handedOverFromTier1", "scorerKind", "scorerVersion",
        "model", "promptVersion", "summary", "conversationRating", "agentScore", "customerScore",
        "conversationScore", "heuristicRating", "heuristicAgentScore", "resolved", "jsmCsatRating", "jsmSlaBreached",
        "resolutionMessageIndex", "resolutionTimestampUtc", "problemExtract", "resolutionExtract", "stepsJson", "contactReason",
        "contactReasonRaw", "contactReasonOriginal", "contactReasonChanged", "reasonOverrideWhy", "resolutionWhy",
        "sentimentPrimary", "sentimentScoresJson", "improvementTip", "needsImprovement", "scoreReasonsJson",
        "inputTokens", "cachedInputTokens", "outputTokens", "costUsd", "jobId", "processedAtUtc",
    ];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Detail_answers_with_the_documented_fields_in_their_order_and_the_stored_values()
    {
        await using var factory = new JiraQualityAppFactory();
        using var client = factory.CreateClient();
        var jobId = Guid.NewGuid();
        await using (var db = factory.Services.GetRequiredService<JiraQualityContextFactory>().CreateDbContext())
        {
            db.ProcessedConversations.Add(Row("SHAPE-1", Now.AddHours(-1), r =>
            {
                r.Resolved = true;
                r.CostUsd = 0.0125;
                r.InputTokens = 1200;
                r.JobId = jobId;
                r.ScoreReasonsJson = """{"agent":{"reason":"Quick and clear.","evidence":[2]}}""";
            }));
            await db.SaveChangesAsync(Ct);
        }

        using var detail = JsonDocument.Parse(await client.GetStringAsync("/api/conversations/SHAPE-1", Ct));
        var root = detail.RootElement;
        Assert.Equal(TopLevel, root.EnumerateObject().Select(p => p.Name));
        var processed = root.GetProperty("processed");
        Assert.Equal(ProcessedFields, processed.EnumerateObject().Select(p => p.Name));

        Assert.Equal("SHAPE-1", processed.GetProperty("issueKey").GetString());
        Assert.True(processed.GetProperty("resolved").GetBoolean());
        Assert.Equal(0.0125, processed.GetProperty("costUsd").GetDouble());
        Assert.Equal(1200, processed.GetProperty("inputTokens").GetInt32());
        Assert.Equal(jobId, processed.GetProperty("jobId").GetGuid());
        Assert.Equal(Now.AddHours(-1), processed.GetProperty("referenceUtc").GetDateTime().ToUniversalTime());
        Assert.Equal("Agent Alpha", processed.GetProperty("primaryAgent").GetString());
        Assert.True(root.GetProperty("redacted").GetBoolean());
        var agent = Assert.Single(root.GetProperty("scores").EnumerateArray(), s => s.GetProperty("name").GetString() == "agent");
        Assert.Equal("Quick and clear.", agent.GetProperty("reason").GetString());
    }
}
