using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using JiraQuality.Core.Conversations;
using JiraQuality.Core.Scoring;
using JiraQuality.Core.Scoring.Measures;
using JiraQuality.Core.Scoring.Scorers;
using JiraQuality.Core.Scoring.Taxonomy;
using JiraQuality.Benchmarks;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace JiraQuality.Tests.Scoring;

public sealed class LlmScorerTests
{
    private static readonly ContactReasonTaxonomy Taxonomy = ContactReasonTaxonomy.Parse(
        """{"reasons":[{"label":"Hardware fault","hints":["dock","broken"]},{"label":"Password reset","hints":["forgot password"]}]}""", "test");

    private static readonly MetricsCalculator Metrics = new(new ScoringOptions());

    internal static LlmOptions Options(string endpoint, string model = "gpt-5-nano") => new()
    {
        Model = model,
        Endpoint = endpoint,
        ApiKey = "sk-test-secret",
        Prices = new Dictionary<string, ModelPrice>(StringComparer.OrdinalIgnoreCase)
        {
            ["gpt-5-nano"] = new() { Input = 0.05, CachedInput = 0.005, Output = 0.40 },
            ["llama3"] = new() { Input = 1, Output = 2 },
        },
    };

    private static LlmScorer Scorer(LlmOptions options) =>
        new(options, Taxonomy, 3, TimeProvider.System, NullLogger<LlmScorer>.Instance);

    private static Task<QualityAssessment> ScoreAsync(LlmScorer scorer, Conversation conversation) =>
        scorer.ScoreAsync(conversation, Metrics.Compute(conversation), TestContext.Current.CancellationToken);

    private static LoopbackAnswer Ok(JsonNode answer, int prompt = 2000, int completion = 1500, int cached = 0) =>
        new(200, LoopbackChatServer.Completion(answer.ToJsonString(), prompt, completion, cached));

    [Fact]
    public async Task Sends_model_strict_schema_and_redacted_text_only()
    {
        var requests = new ConcurrentQueue<(string Body, string? Authorization)>();
        await using var server = await LoopbackChatServer.StartAsync((body, headers, _) =>
        {
            requests.Enqueue((body.RootElement.GetRawText(), headers.Authorization.ToString()));
            return Ok(LlmAnswers.Valid());
        });
        var conversation = ConversationBuilder.WorkedExample();
        conversation = conversation with
        {
            Messages = [.. conversation.Messages.Select(m => m.Index == 4
                ? m with { Text = "ID is 1234, mail me at alice@example.com", RedactedText = "ID is 1234, mail me at [email]" }
                : m)],
        };

        await ScoreAsync(Scorer(Options(server.Endpoint)), conversation);

        var (raw, authorization) = Assert.Single(requests);
        Assert.Equal("Bearer sk-test-secret", authorization);
        using var request = JsonDocument.Parse(raw);
        var root = request.RootElement;
        Assert.Equal("gpt-5-nano", root.GetProperty("model").GetString());
        Assert.False(root.TryGetProperty("temperature", out _), "gpt-5 models reject a temperature");

        var format = root.GetProperty("response_format");
        Assert.Equal("json_schema", format.GetProperty("type").GetString());
        var jsonSchema = format.GetProperty("json_schema");
        Assert.Equal(LlmAnswerSchema.Name, jsonSchema.GetProperty("name").GetString());
        Assert.True(jsonSchema.GetProperty("strict").GetBoolean());
        var schema = jsonSchema.GetProperty("schema");
        Assert.False(schema.GetProperty("additionalProperties").GetBoolean());
        var required = schema.GetProperty("required").EnumerateArray().Select(e => e.GetString()!).ToHashSet();
        var properties = schema.GetProperty("properties").EnumerateObject().Select(p => p.Name).ToHashSet();
        Assert.Equal(properties, required);
        Assert.Contains("customer_sentiment_scores", required);
        Assert.Equal(
            ["Hardware fault", "Password reset", "Other"],
            schema.GetProperty("properties").GetProperty("contact_reason").GetProperty("enum").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(5, schema.GetProperty("properties").GetProperty("agent_score").GetProperty("maximum").GetInt32());

        var prompt = string.Join('\n', root.GetProperty("messages").EnumerateArray().Select(m => m.GetProperty("content").GetString()));
        Assert.Contains("04. C: [2025-11-03T09:10:00Z] ID is 1234, mail me at [email]", prompt);
        Assert.DoesNotContain("alice@example.com", prompt);
        Assert.DoesNotContain("712020:1111", prompt);
        Assert.DoesNotContain("qm:cust", prompt);
        Assert.Contains("Hardware fault <- dock, broken", prompt);
    }

    [Fact]
    public async Task Non_reasoning_models_get_a_temperature()
    {
        string? body = null;
        await using var server = await LoopbackChatServer.StartAsync((request, _, _) =>
        {
            body = request.RootElement.GetRawText();
            return Ok(LlmAnswers.Valid());
        });
        await ScoreAsync(Scorer(Options(server.Endpoint, "llama3")), ConversationBuilder.WorkedExample());
        using var document = JsonDocument.Parse(body!);
        Assert.Equal(0.2, document.RootElement.GetProperty("temperature").GetDouble(), 3);
        Assert.Equal("llama3", document.RootElement.GetProperty("model").GetString());
    }

    [Fact]
    public async Task Parses_a_good_answer_with_usage_and_cost()
    {
        await using var server = await LoopbackChatServer.StartAsync((_, _, _) => Ok(LlmAnswers.Valid(), 2000, 1500));
        var result = await ScoreAsync(Scorer(Options(server.Endpoint)), ConversationBuilder.WorkedExample());

        Assert.Equal(ScorerKinds.Llm, result.Kind);
        Assert.Equal("gpt-5-nano", result.Model);
        Assert.Equal(LlmPrompt.Version, result.PromptVersion);
        Assert.Equal((5d, 4d, 5d), (result.ConversationRating!.Value, result.AgentScore!.Value, result.CustomerScore!.Value));
        Assert.Equal(4.5, result.ConversationScore);
        Assert.False(result.NeedsImprovement);
        Assert.True(result.Resolved);
        Assert.Equal(6, result.ResolutionMessageIndex);
        Assert.Equal(ConversationBuilder.Base.AddMinutes(20), result.ResolutionTimestampUtc);
        Assert.Equal("Hardware fault", result.ContactReason);
        Assert.Null(result.ContactReasonRaw);
        Assert.True(result.ContactReasonChanged);
        Assert.Equal("Convenience", result.SentimentPrimary);
        Assert.Equal(1.0, result.SentimentScores!.Values.Sum(), 6);
        Assert.Equal(0.5, result.SentimentScores["Convenience"]);
        Assert.Equal(["Asked for the bike ID", "Released the bike remotely"], result.Steps);
        Assert.Equal([3, 6], result.ScoreReasons!["agent_score"].Messages);
        Assert.Equal(new LanguageJudgement(false, 0, false, 0), result.LlmLanguage);
        Assert.Equal(new TokenUsage(2000, 0, 1500, 0), result.Usage);
        Assert.Equal(0.0007, result.CostUsd!.Value, 10);
    }

    [Fact]
    public async Task A_contact_reason_outside_the_taxonomy_becomes_Other_and_keeps_the_raw_value()
    {
        // A server that does not enforce the schema (as some OpenAI-compatible ones do not).
        await using var server = await LoopbackChatServer.StartAsync((_, _, _) => Ok(LlmAnswers.Valid("Hardware fault: dock, broken")));
        var result = await ScoreAsync(Scorer(Options(server.Endpoint)), ConversationBuilder.WorkedExample());
        Assert.Equal("Other", result.ContactReason);
        Assert.Equal("Hardware fault: dock, broken", result.ContactReasonRaw);
    }

    [Fact]
    public async Task A_case_variant_of_a_label_maps_to_the_label_and_an_unchanged_reason_is_not_a_change()
    {
        var conversation = ConversationBuilder.WorkedExample() with
        {
            CustomFields = new Dictionary<string, string> { [CustomFieldKeys.ContactReason] = "Hardware fault" },
        };
        await using var server = await LoopbackChatServer.StartAsync((_, _, _) => Ok(LlmAnswers.Valid("hardware FAULT")));
        var result = await ScoreAsync(Scorer(Options(server.Endpoint)), conversation);
        Assert.Equal("Hardware fault", result.ContactReason);
        Assert.False(result.ContactReasonChanged);
    }

    public static TheoryData<string, string> BadAnswers => new()
    {
        { "malformed", LoopbackChatServer.Completion("{\"summary\": \"cut") },
        { "refusal", LoopbackChatServer.Completion("", refusal: "I can't help with that.") },
        { "truncated", LoopbackChatServer.Completion(LlmAnswers.Valid().ToJsonString()[..200], finishReason: "length") },
        { "rating 6", LoopbackChatServer.Completion(LlmAnswers.With("conversation_rating", 6).ToJsonString()) },
        { "score 4.5", LoopbackChatServer.Completion(LlmAnswers.With("agent_score", 4.5).ToJsonString()) },
        { "index 99", LoopbackChatServer.Completion(LlmAnswers.With("resolution_message_index", 99).ToJsonString()) },
        { "missing field", LoopbackChatServer.Completion(RemoveField("summary")) },
        { "sentiment 1.5", LoopbackChatServer.Completion(SentimentOutOfRange()) },
        { "unknown sentiment", LoopbackChatServer.Completion(LlmAnswers.With("customer_sentiment_primary", "Happy").ToJsonString()) },
        { "negative count", LoopbackChatServer.Completion(LlmAnswers.With("customer_abuse_count", -1).ToJsonString()) },
        { "cites message 0", LoopbackChatServer.Completion(CitesMessageZero()) },
        { "empty", LoopbackChatServer.Completion("") },
    };

    [Theory]
    [MemberData(nameof(BadAnswers))]
    public async Task Rejects_a_bad_answer_after_one_retry(string name, string completion)
    {
        await using var server = await LoopbackChatServer.StartAsync((_, _, _) => new LoopbackAnswer(200, completion));
        var error = await Assert.ThrowsAsync<ScoringException>(() => ScoreAsync(Scorer(Options(server.Endpoint)), ConversationBuilder.WorkedExample()));
        Assert.Equal(2, server.RequestCount);
        Assert.False(string.IsNullOrWhiteSpace(error.Message), name);

        // Both attempts were paid for, and the failure says so.
        Assert.Equal(2000, error.Usage!.InputTokens);
    }

    [Fact]
    public async Task A_bad_first_answer_is_retried_once_and_the_good_second_one_is_used()
    {
        await using var server = await LoopbackChatServer.StartAsync((_, _, n) => n == 1
            ? new LoopbackAnswer(200, LoopbackChatServer.Completion("not json"))
            : Ok(LlmAnswers.Valid(), 1000, 100));
        var result = await ScoreAsync(Scorer(Options(server.Endpoint)), ConversationBuilder.WorkedExample());
        Assert.Equal(2, server.RequestCount);
        Assert.Equal(5, result.ConversationRating);
        Assert.Equal(2000, result.Usage!.InputTokens);
        Assert.Equal(300, result.Usage.OutputTokens);
        Assert.Equal(((2000 * 0.05) + (300 * 0.40)) / 1e6, result.CostUsd!.Value, 12);
    }

    [Theory]
    [InlineData("agent_score", 3, false, true)]
    [InlineData("conversation_rating", 2, false, true)]
    [InlineData("agent_score", 4, true, true)]
    [InlineData("agent_score", 4, false, false)]
    public async Task Needs_improvement_follows_the_model_scores_and_agent_profanity(string field, int score, bool agentSwore, bool expected)
    {
        var answer = LlmAnswers.With(field, score);
        answer["agent_profanity_detected"] = agentSwore;
        await using var server = await LoopbackChatServer.StartAsync((_, _, _) => Ok(answer));
        var result = await ScoreAsync(Scorer(Options(server.Endpoint)), ConversationBuilder.WorkedExample());
        Assert.Equal(expected, result.NeedsImprovement);
    }

    [Fact]
    public async Task A_server_error_counts_as_a_failed_attempt()
    {
        await using var server = await LoopbackChatServer.StartAsync((_, _, n) => n == 1
            ? new LoopbackAnswer(500, LoopbackChatServer.Error("boom", "server_error"))
            : Ok(LlmAnswers.Valid()));
        var result = await ScoreAsync(Scorer(Options(server.Endpoint)), ConversationBuilder.WorkedExample());
        Assert.Equal(2, server.RequestCount);
        Assert.True(result.Resolved);
    }

    [Fact]
    public async Task Rate_limited_answers_wait_for_Retry_After_without_using_the_retry()
    {
        var arrivals = new ConcurrentQueue<long>();
        await using var server = await LoopbackChatServer.StartAsync((_, _, n) =>
        {
            arrivals.Enqueue(Stopwatch.GetTimestamp());
            return n <= 2
                ? new LoopbackAnswer(429, LoopbackChatServer.Error("slow down"), Headers: new Dictionary<string, string> { ["Retry-After"] = "1" })
                : Ok(LlmAnswers.Valid());
        });
        var result = await ScoreAsync(Scorer(Options(server.Endpoint)), ConversationBuilder.WorkedExample());

        Assert.Equal(3, server.RequestCount);
        Assert.Equal(5, result.ConversationRating);
        var times = arrivals.ToArray();
        Assert.True(Stopwatch.GetElapsedTime(times[0], times[1]) >= TimeSpan.FromMilliseconds(950), "the second call must wait the Retry-After second");
        Assert.True(Stopwatch.GetElapsedTime(times[1], times[2]) >= TimeSpan.FromMilliseconds(950));
    }

    [Fact]
    public async Task Too_many_rate_limits_become_a_failure()
    {
        await using var server = await LoopbackChatServer.StartAsync((_, _, _) =>
            new LoopbackAnswer(429, LoopbackChatServer.Error("slow down"), Headers: new Dictionary<string, string> { ["Retry-After"] = "0" }));
        var options = Options(server.Endpoint);
        options.MaxRateLimitWaits = 1;
        var error = await Assert.ThrowsAsync<ScoringException>(() => ScoreAsync(Scorer(options), ConversationBuilder.WorkedExample()));
        Assert.Contains("429", error.Message);
        Assert.Equal(4, server.RequestCount);
    }

    [Fact]
    public async Task A_conversation_without_public_messages_is_not_sent()
    {
        await using var server = await LoopbackChatServer.StartAsync((_, _, _) => Ok(LlmAnswers.Valid()));
        var result = await ScoreAsync(Scorer(Options(server.Endpoint)), new ConversationBuilder().Internal(0).Build());
        Assert.Equal(0, server.RequestCount);
        Assert.Null(result.ConversationRating);
        Assert.Null(result.Resolved);
        Assert.Null(result.SentimentPrimary);
        Assert.Contains("skipped", result.ScoreReasons!.Keys);
    }

    [Fact]
    public void Scorer_version_changes_with_model_prompt_and_taxonomy()
    {
        var a = Scorer(Options("http://127.0.0.1:1/v1")).Version;
        var b = Scorer(Options("http://127.0.0.1:1/v1", "llama3")).Version;
        var c = new LlmScorer(Options("http://127.0.0.1:1/v1"), ContactReasonTaxonomy.Parse("""["Only"]"""), 3, new FakeTimeProvider(), NullLogger<LlmScorer>.Instance).Version;
        Assert.StartsWith($"llm/{LlmPrompt.Version}/gpt-5-nano/", a);
        Assert.NotEqual(a, b);
        Assert.NotEqual(a, c);
    }

    private static string RemoveField(string name)
    {
        var answer = LlmAnswers.Valid();
        answer.Remove(name);
        return answer.ToJsonString();
    }

    private static string SentimentOutOfRange()
    {
        var answer = LlmAnswers.Valid();
        answer["customer_sentiment_scores"]!["Trust"] = 1.5;
        return answer.ToJsonString();
    }

    private static string CitesMessageZero()
    {
        var answer = LlmAnswers.Valid();
        answer["score_reasons"]!["agent_score"]!["messages"] = new JsonArray(0);
        return answer.ToJsonString();
    }
}
