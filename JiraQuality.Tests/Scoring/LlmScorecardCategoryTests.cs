using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using JiraQuality.Core.Ingestion.Prepared;
using JiraQuality.Core.Review;
using JiraQuality.Core.Scoring;
using JiraQuality.Core.Scoring.Measures;
using JiraQuality.Core.Scoring.Processing;
using JiraQuality.Core.Scoring.Scorers;
using JiraQuality.Core.Scoring.Taxonomy;
using JiraQuality.Core.Storage;
using JiraQuality.Tests.Infrastructure;
using JiraQuality.Tests.Review;
using JiraQuality.Benchmarks;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace JiraQuality.Tests.Scoring;

/// <summary>The LLM scores the scorecard's own categories: they are in its schema and prompt, and their scores are stored.</summary>
public sealed class LlmScorecardCategoryTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly ContactReasonTaxonomy Taxonomy = ContactReasonTaxonomy.Parse("""["Hardware fault"]""", "test");

    private const string EmpathyDescription = "The agent acknowledged how the broken dock disrupted the customer's commute.";
    private const string ProcessDescription = "The agent checked the rider's identity before releasing a bike remotely.";

    private static IReadOnlyList<ScorecardCategory> Scorecard(string empathyDescription = EmpathyDescription) =>
    [
        .. ScorecardDefaults.Categories.Where(c => c.IsAi),
        new() { Key = "empathy", Name = "Empathy", Description = empathyDescription },
        new() { Key = "followed_process", Name = "Followed process", Scale = ScorecardScales.PassFail, NotApplicableAllowed = true, Description = ProcessDescription },
    ];

    private static JsonObject Answer(JsonNode? empathyScore = null, JsonNode? processScore = null)
    {
        var answer = LlmAnswers.Valid();
        answer["scorecard"] = new JsonObject
        {
            ["empathy"] = new JsonObject { ["score"] = empathyScore ?? 4, ["reason"] = "Said sorry for the wait in message 3." },
            ["followed_process"] = new JsonObject { ["score"] = processScore, ["reason"] = "" },
        };
        return answer;
    }

    private static LlmScorer Scorer(string endpoint, IReadOnlyList<ScorecardCategory>? scorecard, HeuristicScorer? crossCheck = null) =>
        new(LlmScorerTests.Options(endpoint), Taxonomy, 3, TimeProvider.System, NullLogger<LlmScorer>.Instance, scorecard: scorecard, crossCheck: crossCheck);

    [Fact]
    public async Task Schema_and_prompt_describe_each_custom_category_and_the_answer_keeps_its_scores()
    {
        var requests = new ConcurrentQueue<string>();
        await using var server = await LoopbackChatServer.StartAsync((body, _, _) =>
        {
            requests.Enqueue(body.RootElement.GetRawText());
            return new LoopbackAnswer(200, LoopbackChatServer.Completion(Answer().ToJsonString(), 2000, 500));
        });
        var conversation = ConversationBuilder.WorkedExample();
        var metrics = new MetricsCalculator(new ScoringOptions()).Compute(conversation);
        var heuristic = new HeuristicScorer(new ScoringOptions());
        var scorer = Scorer(server.Endpoint, Scorecard(), heuristic);

        var result = await scorer.ScoreAsync(conversation, metrics, Ct);

        using var request = JsonDocument.Parse(Assert.Single(requests));
        var schema = request.RootElement.GetProperty("response_format").GetProperty("json_schema").GetProperty("schema");
        Assert.Contains("scorecard", schema.GetProperty("required").EnumerateArray().Select(e => e.GetString()));
        var categories = schema.GetProperty("properties").GetProperty("scorecard");
        Assert.Equal(["empathy", "followed_process"], categories.GetProperty("required").EnumerateArray().Select(e => e.GetString()));
        Assert.False(categories.GetProperty("additionalProperties").GetBoolean());
        var empathy = categories.GetProperty("properties").GetProperty("empathy");
        Assert.Contains(EmpathyDescription, empathy.GetProperty("description").GetString());
        Assert.Equal("integer", empathy.GetProperty("properties").GetProperty("score").GetProperty("type").GetString());
        Assert.Equal(5, empathy.GetProperty("properties").GetProperty("score").GetProperty("maximum").GetInt32());
        var process = categories.GetProperty("properties").GetProperty("followed_process");
        Assert.Contains(ProcessDescription, process.GetProperty("description").GetString());
        Assert.Equal(["integer", "null"], process.GetProperty("properties").GetProperty("score").GetProperty("type").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(1, process.GetProperty("properties").GetProperty("score").GetProperty("maximum").GetInt32());
        Assert.False(categories.GetProperty("properties").TryGetProperty("agent_score", out _), "the AI's three scores have fields of their own");

        var prompt = string.Join('\n', request.RootElement.GetProperty("messages").EnumerateArray().Select(m => m.GetProperty("content").GetString()));
        Assert.Contains($"- empathy: Empathy (integer 1-5, 5 best): {EmpathyDescription}", prompt);
        Assert.Contains($"- followed_process: Followed process (pass/fail: 1 pass, 0 fail; null when it does not apply): {ProcessDescription}", prompt);

        Assert.Equal(4, result.CategoryVerdicts!["empathy"].Score);
        Assert.Equal("Said sorry for the wait in message 3.", result.CategoryVerdicts["empathy"].Reason);
        Assert.Null(result.CategoryVerdicts["followed_process"].Score);
        Assert.StartsWith(LlmPrompt.Version + ".", result.PromptVersion);
        Assert.Equal(scorer.PromptVersion, result.PromptVersion);
        var expected = heuristic.Score(conversation, metrics);
        Assert.Equal(new HeuristicCrossCheck(expected.ConversationRating, expected.AgentScore), result.HeuristicCheck);
    }

    [Fact]
    public async Task The_prompt_version_follows_the_scorecard_categories_the_llm_scores()
    {
        await using var server = await LoopbackChatServer.StartAsync((_, _, _) => new LoopbackAnswer(500, "{}"));
        var plain = Scorer(server.Endpoint, null);
        var withCategories = Scorer(server.Endpoint, Scorecard());
        var reworded = Scorer(server.Endpoint, Scorecard("The agent named the customer's frustration."));
        var reweighted = Scorer(server.Endpoint, [.. Scorecard().Select(c => c with { Weight = 3, Critical = !c.IsAi })]);

        Assert.Equal(LlmPrompt.Version, plain.PromptVersion);
        Assert.NotEqual(plain.PromptVersion, withCategories.PromptVersion);
        Assert.NotEqual(withCategories.PromptVersion, reworded.PromptVersion);
        Assert.NotEqual(withCategories.Version, reworded.Version);

        // Weight and "critical" change the review's total, not what the model is asked: same prompt, no re-scoring.
        Assert.Equal(withCategories.PromptVersion, reweighted.PromptVersion);
    }

    [Fact]
    public async Task An_answer_that_leaves_the_scorecard_out_keeps_its_three_scores_and_leaves_the_categories_unscored()
    {
        var calls = 0;
        await using var server = await LoopbackChatServer.StartAsync((_, _, _) =>
        {
            Interlocked.Increment(ref calls);
            return new LoopbackAnswer(200, LoopbackChatServer.Completion(LlmAnswers.Valid().ToJsonString(), 100, 100));
        });
        var conversation = ConversationBuilder.WorkedExample();

        var assessment = await Scorer(server.Endpoint, Scorecard()).ScoreAsync(conversation, new MetricsCalculator(new ScoringOptions()).Compute(conversation), Ct);

        Assert.Equal(1, calls);
        Assert.NotNull(assessment.AgentScore);
        Assert.True(assessment.CategoryVerdicts is null || assessment.CategoryVerdicts.Count == 0);
    }

    [Theory]
    [InlineData("null-not-allowed")]
    [InlineData("out-of-range")]
    public async Task An_answer_without_a_valid_score_for_every_category_is_rejected(string fault)
    {
        var answer = fault switch
        {
            "null-not-allowed" => Answer(),
            _ => Answer(processScore: 2),
        };
        if (fault == "null-not-allowed")
        {
            ((JsonObject)answer["scorecard"]!["empathy"]!)["score"] = null;
        }

        var calls = 0;
        await using var server = await LoopbackChatServer.StartAsync((_, _, _) =>
        {
            Interlocked.Increment(ref calls);
            return new LoopbackAnswer(200, LoopbackChatServer.Completion(answer.ToJsonString(), 100, 100));
        });
        var conversation = ConversationBuilder.WorkedExample();

        var error = await Assert.ThrowsAsync<ScoringException>(() =>
            Scorer(server.Endpoint, Scorecard()).ScoreAsync(conversation, new MetricsCalculator(new ScoringOptions()).Compute(conversation), Ct));

        Assert.Equal(2, calls);
        Assert.Contains(fault == "out-of-range" ? "scorecard.followed_process.score" : "scorecard.empathy.score", error.Message);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_processing_run_stores_the_category_scores_and_the_heuristic_cross_check(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using (var db = database.Factory.CreateDbContext())
        {
            db.PreparedConversations.AddRange(ScoringTestSupport.Tickets(2));
            await db.SaveChangesAsync(Ct);
        }

        var answer = LlmAnswers.ForShortThread();
        answer["scorecard"] = Answer(empathyScore: 2, processScore: 1)["scorecard"]!.DeepClone();
        await using var server = await LoopbackChatServer.StartAsync((_, _, _) =>
            new LoopbackAnswer(200, LoopbackChatServer.Completion(answer.ToJsonString(), 1000, 300)));
        var heuristic = new HeuristicScorer(new ScoringOptions());
        var scorer = Scorer(server.Endpoint, Scorecard(), heuristic);
        var service = ScoringTestSupport.Service(database.Factory, ScoringTestSupport.Factory(llm: LlmScorerTests.Options(server.Endpoint)));

        var result = await service.RunAsync(new ProcessingRequest { Concurrency = 1 }, scorer, new RecordingProgress(), Ct);

        Assert.Equal(2, result.Processed);
        await using var read = database.Factory.CreateDbContext();
        var row = await read.ProcessedConversations.AsNoTracking().SingleAsync(r => r.IssueKey == "ITSM-1", Ct);
        Assert.Equal(scorer.PromptVersion, row.PromptVersion);
        Assert.Equal(2, AiCategories.ScoreOf("empathy", row));
        Assert.Equal(1, AiCategories.ScoreOf("followed_process", row));
        Assert.Equal("Said sorry for the wait in message 3.", AiCategories.VerdictOf("empathy", row)!.Reason);
        Assert.Null(AiCategories.ScoreOf("tone", row));

        var prepared = ScoringTestSupport.Tickets(1).Single().ToConversation();
        var expected = heuristic.Score(prepared, new MetricsCalculator(new ScoringOptions()).Compute(prepared));
        Assert.NotNull(expected.ConversationRating);
        Assert.Equal(expected.ConversationRating, row.HeuristicRating);
        Assert.Equal(expected.AgentScore, row.HeuristicAgentScore);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_scorer_factory_scores_against_the_saved_scorecard(DatabaseProvider provider)
    {
        await using var services = await ReviewTestServices.CreateAsync(provider);
        var taxonomyFile = Path.Combine(Path.GetTempPath(), $"jq-taxonomy-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(taxonomyFile, """["Hardware fault"]""", Ct);
        try
        {
            var store = services.Get<ScorecardStore>();
            var factory = new ScorerFactory(
                Options.Create(new ScoringOptions()), Options.Create(LlmScorerTests.Options("http://127.0.0.1:9/v1")), TimeProvider.System,
                NullLoggerFactory.Instance, scorecards: store);
            var llmBefore = (LlmScorer)factory.Create(new ScorerSelection { TaxonomyFile = taxonomyFile });
            var heuristicBefore = factory.Create(new ScorerSelection { NoLlm = true });

            var saved = await store.SaveAsync([.. ScorecardDefaults.Categories, new ScorecardCategory { Key = "thanking", Name = "Thanking", Scale = ScorecardScales.PassFail }], "lead@support.example", Ct);
            Assert.True(saved.Succeeded);
            var llmAfter = (LlmScorer)factory.Create(new ScorerSelection { TaxonomyFile = taxonomyFile });
            var heuristicAfter = factory.Create(new ScorerSelection { NoLlm = true });

            Assert.Equal(LlmPrompt.VersionFor(ScorecardScoring.CustomCategories(ScorecardDefaults.Categories)), llmBefore.PromptVersion);
            Assert.NotEqual(llmBefore.PromptVersion, llmAfter.PromptVersion);
            Assert.NotEqual(heuristicBefore.Version, heuristicAfter.Version);
        }
        finally
        {
            File.Delete(taxonomyFile);
        }
    }
}
