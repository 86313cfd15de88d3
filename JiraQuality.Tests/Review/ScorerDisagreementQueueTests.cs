using JiraQuality.Core.Identity;
using JiraQuality.Core.Review;
using JiraQuality.Core.Scoring.Processing;
using JiraQuality.Core.Storage;
using JiraQuality.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace JiraQuality.Tests.Review;

/// <summary>The "heuristic and LLM disagree" sampling of review queues, on both providers.</summary>
public sealed class ScorerDisagreementQueueTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Llm_scored_conversations_where_the_heuristic_disagrees_come_first_by_the_size_of_the_gap(DatabaseProvider provider)
    {
        await using var services = await ReviewTestServices.CreateAsync(provider);
        await using (var scope = services.Services.CreateAsyncScope())
        {
            Assert.True((await scope.ServiceProvider.GetRequiredService<UserAdministration>().AddAsync("ana@support.example", Roles.Analyst, null, "test", Ct)).Succeeded);
        }

        var end = services.Time.GetUtcNow().UtcDateTime.AddHours(-1);
        await using (var db = services.Database.Factory.CreateDbContext())
        {
            void Add(string key, string kind, double? rating, double? agent, double? heuristicRating, double? heuristicAgent) =>
                db.ProcessedConversations.Add(new ProcessedConversation
                {
                    IssueKey = key,
                    Status = "Done",
                    ConversationEndUtc = end,
                    ConversationRating = rating,
                    AgentScore = agent,
                    HeuristicRating = heuristicRating,
                    HeuristicAgentScore = heuristicAgent,
                    ScorerKind = kind,
                    ScorerVersion = kind + "-1",
                    ProcessedAtUtc = end,
                });
            Add("D-1", "llm", 5, 5, 3.2, 3.4);    // gaps 1.8 and 1.6 → 1.8
            Add("D-2", "llm", 1, 4, 3.5, 3.4);    // gap 2.5 on the rating
            Add("D-3", "llm", 4, 1, 3.6, 3.8);    // gap 2.8 on the agent score
            Add("D-4", "llm", 3, 4, 3.3, 3.4);    // gaps 0.3 and 0.6: they agree
            Add("D-5", "llm", 2, 3, null, null);  // scored before the cross-check was kept
            Add("D-6", "heuristic", 1, 1, null, null);
            Add("D-7", "llm", null, 2, null, 3.0); // only the agent scores exist: gap 1.0
            await db.SaveChangesAsync(Ct);
        }

        var queues = services.Get<ReviewQueueService>();
        var result = await queues.CreateAsync(new AssignmentRequest("Scorers disagree", "ana@support.example", ReviewSampling.ScorerDisagreement, 10), "lead@support.example", Ct);

        Assert.Null(result.Problem);
        Assert.Equal(["D-3", "D-2", "D-1", "D-7"], result.Assignment!.Items.Select(i => i.IssueKey));
        Assert.Equal(ReviewSampling.ScorerDisagreement, result.Assignment.Sampling);

        var two = await queues.CreateAsync(new AssignmentRequest("Top two", "ana@support.example", ReviewSampling.ScorerDisagreement, 2), "lead@support.example", Ct);
        Assert.Equal(["D-3", "D-2"], two.Assignment!.Items.Select(i => i.IssueKey));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Without_llm_scores_there_is_nothing_to_sample_and_the_problem_says_so(DatabaseProvider provider)
    {
        await using var services = await ReviewTestServices.CreateAsync(provider);
        await using (var scope = services.Services.CreateAsyncScope())
        {
            Assert.True((await scope.ServiceProvider.GetRequiredService<UserAdministration>().AddAsync("ana@support.example", Roles.Analyst, null, "test", Ct)).Succeeded);
        }

        await services.AddConversationAsync("H-1", agent: 1, rating: 1);

        var result = await services.Get<ReviewQueueService>().CreateAsync(
            new AssignmentRequest("Scorers disagree", "ana@support.example", ReviewSampling.ScorerDisagreement, 5), "lead@support.example", Ct);

        Assert.Null(result.Assignment);
        Assert.Contains("No conversation", result.Problem);
    }
}
