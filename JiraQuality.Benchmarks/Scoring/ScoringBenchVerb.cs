using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using JiraQuality.Core.Conversations;
using JiraQuality.Core.Ingestion.Prepared;
using JiraQuality.Core.Jobs;
using JiraQuality.Core.Scoring;
using JiraQuality.Core.Scoring.Processing;
using JiraQuality.Core.Scoring.Scorers;
using JiraQuality.Core.Scoring.Taxonomy;
using JiraQuality.Core.Review;
using JiraQuality.Core.Storage;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace JiraQuality.Benchmarks.Scoring;

/// <summary>
/// <c>bench scoring</c>: (1) deterministic metrics plus heuristic scoring on one thread; (2) the whole LLM
/// processing pipeline (selection, LLM scorer, the batch writer on SQLite) against a loopback
/// chat server that answers after a fixed latency, compared with the ideal throughput of its concurrency.
/// </summary>
public static class ScoringBenchVerb
{
    public static Command Command()
    {
        var conversations = new Option<int>("--conversations") { Description = "Conversations for the deterministic run.", DefaultValueFactory = _ => 100_000 };
        var runs = new Option<int>("--runs") { Description = "Runs of each measurement; the median is reported.", DefaultValueFactory = _ => 5 };
        var llmConversations = new Option<int>("--llm-conversations") { Description = "Conversations per LLM pipeline run (0 skips it).", DefaultValueFactory = _ => 240 };
        var concurrency = new Option<int>("--concurrency") { Description = "LLM concurrency.", DefaultValueFactory = _ => 8 };
        var latency = new Option<int>("--latency-ms") { Description = "Latency of the loopback chat server.", DefaultValueFactory = _ => 300 };
        var command = new Command("scoring", "Benchmark metrics + heuristic scoring and the LLM pipeline.");
        foreach (var option in new Option[] { conversations, runs, llmConversations, concurrency, latency })
        {
            command.Options.Add(option);
        }

        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var output = parseResult.InvocationConfiguration.Output;
            var runCount = Math.Max(1, parseResult.GetValue(runs));
            var data = ScoringBenchmark.Generate(parseResult.GetValue(conversations));
            var options = new ScoringOptions();
            var scorecard = ScorecardDefaults.Categories;
            ScoringBenchmark.MeasureDeterministic(data.Take(5_000).ToList(), options); // warm-up (JIT tiers)
            ScoringBenchmark.MeasureDeterministic(data.Take(5_000).ToList(), options, scorecard);
            var rates = new List<double>();
            var withScorecard = new List<double>();
            for (var run = 1; run <= runCount; run++)
            {
                var rate = ScoringBenchmark.MeasureDeterministic(data, options);
                rates.Add(rate);
                await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"deterministic run {run}: {data.Count} conversations, {rate:0} conversations/s"));

                // The shipped scorecard adds the heuristic's greeting and closing checks, as the app scores.
                var scored = ScoringBenchmark.MeasureDeterministic(data, options, scorecard);
                withScorecard.Add(scored);
                await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"deterministic run {run} with the shipped scorecard: {scored:0} conversations/s"));
            }

            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"deterministic median: {Median(rates):0} conversations/s on one thread"));
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"deterministic median with the shipped scorecard: {Median(withScorecard):0} conversations/s on one thread"));

            var llmCount = parseResult.GetValue(llmConversations);
            if (llmCount > 0)
            {
                var parallel = Math.Max(1, parseResult.GetValue(concurrency));
                var delay = TimeSpan.FromMilliseconds(parseResult.GetValue(latency));
                var ideal = parallel / delay.TotalSeconds;
                var ratios = new List<double>();

                // One short unmeasured run first, so JIT compilation of the HTTP and JSON paths is not timed.
                await MeasureLlmPipelineAsync(parallel * 2, parallel, delay, cancellationToken);
                for (var run = 1; run <= runCount; run++)
                {
                    var (rate, processed) = await MeasureLlmPipelineAsync(llmCount, parallel, delay, cancellationToken);
                    ratios.Add(rate / ideal);
                    await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                        $"llm run {run}: {processed} conversations, {rate:0.00}/s of ideal {ideal:0.00}/s = {100 * rate / ideal:0.0}%"));
                }

                await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"llm median: {100 * Median(ratios):0.0}% of ideal throughput (concurrency {parallel}, latency {delay.TotalMilliseconds:0} ms)"));
            }

            return 0;
        });
        return command;
    }

    private static async Task<(double Rate, int Processed)> MeasureLlmPipelineAsync(int count, int concurrency, TimeSpan latency, CancellationToken cancellationToken)
    {
        var file = Path.Combine(Path.GetTempPath(), $"jq-bench-{Guid.NewGuid():N}.db");
        try
        {
            var contextFactory = new JiraQualityContextFactory(new StorageOptions { Provider = DatabaseProvider.Sqlite, ConnectionString = $"Data Source={file}" });
            await contextFactory.MigrateAsync(cancellationToken);
            var conversations = ScoringBenchmark.Generate(count, seed: 7);
            await using (var db = contextFactory.CreateDbContext())
            {
                db.PreparedConversations.AddRange(conversations.Select(c => new PreparedConversation
                {
                    IssueKey = c.IssueKey,
                    Status = c.Status,
                    CreatedUtc = c.CreatedUtc,
                    ThreadJson = ConversationJson.SerializeMessages(c.Messages),
                    ContentHash = c.IssueKey,
                    PreparedAtUtc = c.CreatedUtc ?? default,
                }));
                await db.SaveChangesAsync(cancellationToken);
            }

            var answer = LoopbackChatServer.Completion(BenchAnswer, 2700, 600);
            await using var server = await LoopbackChatServer.StartAsync((_, _, _) => new LoopbackAnswer(200, answer, latency));
            var llm = new LlmOptions { Model = "gpt-5-nano", Endpoint = server.Endpoint, ApiKey = "bench", Concurrency = concurrency };
            var taxonomy = ContactReasonTaxonomy.Parse("""["Hardware fault"]""");
            var factory = new ScorerFactory(Options.Create(new ScoringOptions()), Options.Create(llm), TimeProvider.System, NullLoggerFactory.Instance);
            var scorer = new LlmScorer(llm, taxonomy, 3, TimeProvider.System, NullLogger<LlmScorer>.Instance);
            var service = new ProcessingService(contextFactory, factory, TimeProvider.System, NullLogger<ProcessingService>.Instance);
            var watch = Stopwatch.StartNew();
            var result = await service.RunAsync(new ProcessingRequest { Concurrency = concurrency }, scorer, NullJobProgress.Instance, cancellationToken);
            watch.Stop();
            return (result.Processed / watch.Elapsed.TotalSeconds, result.Processed);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            foreach (var path in new[] { file, file + "-wal", file + "-shm" })
            {
                File.Delete(path);
            }
        }
    }

    // A valid answer that cites only message 1, so it fits every generated conversation.
    internal const string BenchAnswer = """
        {"summary":"Benchmark answer.","conversation_rating":4,"agent_score":4,"customer_score":4,
         "score_reasons":{"conversation_rating":{"reason":"r","messages":[1]},"agent_score":{"reason":"r","messages":[1]},"customer_score":{"reason":"r","messages":[1]}},
         "resolved":true,"resolution_message_index":1,"resolution_timestamp":null,"resolution_why":"w","problem_extract":"p",
         "resolution_extract":"e","steps":["s"],"contact_reason":"Hardware fault","contact_reason_changed":false,"reason_override_why":"",
         "customer_sentiment_primary":"Neutral","customer_sentiment_scores":{"Delight":0,"Convenience":0,"Trust":0,"Frustration":0,"Disappointment":0,"Concern":0,"Hostility":0,"Neutral":1},
         "agent_profanity_detected":false,"agent_profanity_count":0,"customer_abuse_detected":false,"customer_abuse_count":0,"improvement_tip":"t"}
        """;

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        var middle = sorted.Count / 2;
        return sorted.Count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }
}
