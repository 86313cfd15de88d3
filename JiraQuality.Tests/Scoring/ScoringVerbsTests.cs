using JiraQuality.Core.Scoring;
using JiraQuality.Core.Scoring.Scorers;
using JiraQuality.Core.Storage;
using Microsoft.EntityFrameworkCore;
using JiraQuality.Web.Hosting;

namespace JiraQuality.Tests.Scoring;

[CollectionDefinition(nameof(ScoringVerbsCollection), DisableParallelization = true)]
public sealed class ScoringVerbsCollection;

/// <summary>
/// The verbs build their own host from settings and environment, as in production; these tests point it at a
/// throwaway database through environment variables, so they run alone.
/// </summary>
[Collection(nameof(ScoringVerbsCollection))]
public sealed class ScoringVerbsTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Process_export_and_import_scored_verbs_work_end_to_end()
    {
        var directory = Path.Combine(Path.GetTempPath(), "jq-verbs-" + Guid.NewGuid().ToString("N")[..10]);
        Directory.CreateDirectory(directory);
        var databaseFile = Path.Combine(directory, "verbs.db");
        var connectionString = $"Data Source={databaseFile};Pooling=False";
        var previous = (Environment.GetEnvironmentVariable("ConnectionStrings__JiraQuality"), Environment.GetEnvironmentVariable("OPENAI_API_KEY"), Environment.GetEnvironmentVariable("Llm__Endpoint"));
        Environment.SetEnvironmentVariable("ConnectionStrings__JiraQuality", connectionString);
        Environment.SetEnvironmentVariable("OPENAI_API_KEY", null);
        Environment.SetEnvironmentVariable("Llm__Endpoint", null);
        try
        {
            var factory = new JiraQualityContextFactory(new StorageOptions { Provider = DatabaseProvider.Sqlite, ConnectionString = connectionString });
            await factory.MigrateAsync(Ct);
            await using (var db = factory.CreateDbContext())
            {
                db.PreparedConversations.AddRange(ScoringTestSupport.Tickets(3));
                await db.SaveChangesAsync(Ct);
            }

            var (code, output, error) = await RunAsync("process", "--no-llm", "--dry-run");
            Assert.True(code == 0, error);
            // The verb scores against the stored scorecard: the shipped one, whose greeting and closing the heuristic decides.
            var version = new HeuristicScorer(new ScoringOptions(), Core.Review.ScorecardDefaults.Categories).Version;
            Assert.StartsWith("heuristic/h2/m1/", version);
            Assert.Contains($"[dry-run] 3 conversations would be scored with {version}: ITSM-1, ITSM-2, ITSM-3.", output);

            (code, output, error) = await RunAsync("process", "--no-llm", "--limit", "2");
            Assert.True(code == 0, error);
            Assert.Contains("Processing progress: 2/2 (100.0%) [ITSM-2]", output);

            (code, output, _) = await RunAsync("process", "--no-llm");
            Assert.Equal(0, code);
            Assert.Contains("Processing progress: 1/1 (100.0%) [ITSM-3]", output);

            (code, _, error) = await RunAsync("process", "--model", "gpt-5-nano");
            Assert.Equal(2, code);
            Assert.Contains("OPENAI_API_KEY", error);

            (code, _, error) = await RunAsync("process", "--taxonomy-file", Path.Combine(directory, "missing.json"));
            Assert.Equal(2, code);
            Assert.Contains("missing.json", error);

            var export = Path.Combine(directory, "out", "analysis.csv");
            (code, output, _) = await RunAsync("export", "analysis", "--output", export, "--from", "2025-11-01");
            Assert.Equal(0, code);
            Assert.Contains("Wrote 3 conversations", output);
            var exported = await File.ReadAllLinesAsync(export, Ct);
            Assert.Equal(4, exported.Length);
            Assert.StartsWith("issue_key,status,resolution,custom_field_hub,", exported[0]);

            (code, _, error) = await RunAsync("export", "analysis", "--output", export, "--from", "yesterday-ish");
            Assert.Equal(2, code);
            Assert.Contains("--from", error);

            var broken = Path.Combine(directory, "broken.csv");
            await File.WriteAllTextAsync(broken, exported[0] + "\n" + exported[1] + "\nITSM-9,Done,Done,,not-a-date\n", Ct);
            (code, _, error) = await RunAsync("import-scored", broken);
            Assert.Equal(2, code);
            Assert.Contains("broken.csv line 3, column conversation_start", error);

            (code, output, _) = await RunAsync("import-scored", export, "--overwrite");
            Assert.Equal(0, code);
            Assert.Contains("Imported 3 scored conversations from analysis.csv", output);
            await using (var db = factory.CreateDbContext())
            {
                Assert.Equal(3, await db.ProcessedConversations.CountAsync(p => p.ScorerKind == "imported", Ct));
            }
        }
        finally
        {
            Environment.SetEnvironmentVariable("ConnectionStrings__JiraQuality", previous.Item1);
            Environment.SetEnvironmentVariable("OPENAI_API_KEY", previous.Item2);
            Environment.SetEnvironmentVariable("Llm__Endpoint", previous.Item3);
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try
            {
                Directory.Delete(directory, recursive: true);
            }
            catch (IOException)
            {
                // Left for the temp cleaner if a handle is still open.
            }
        }
    }

    private static async Task<(int Code, string Output, string Error)> RunAsync(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = await CommandLineApp.RunAsync(args, output, error);
        return (code, output.ToString(), error.ToString());
    }
}
