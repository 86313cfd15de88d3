using JiraQuality.Core.Storage;
using JiraQuality.Tests.Infrastructure;
using JiraQuality.Tests.Ingestion;
using JiraQuality.Tests.Jira;
using JiraQuality.Tests.Scoring;

namespace JiraQuality.Tests.Hosting;

/// <summary>
/// Every verb, run as a child process the way an operator runs it, against a database nobody has migrated: an empty
/// SQLite file and an empty PostgreSQL database.
/// </summary>
public sealed class FreshDatabaseVerbTests
{
    private static readonly Guid NoSuchJob = Guid.Parse("0b3c6a1e-5d7f-4a8e-9f00-123456789abc");

    public static TheoryData<DatabaseProvider, string> Cases()
    {
        var data = new TheoryData<DatabaseProvider, string>();
        foreach (var provider in new[] { DatabaseProvider.Sqlite, DatabaseProvider.Postgres })
        {
            foreach (var verb in new[]
            {
                "migrate", "import", "import-scored", "process", "process --dry-run", "sync --dry-run", "sync", "export jsonl", "export analysis",
                "jobs list", "jobs show", "jobs cancel", "metrics rebuild-rollup", "reapply-roles", "sample",
            })
            {
                data.Add(provider, verb);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Every_verb_runs_on_an_empty_database(DatabaseProvider provider, string verb)
    {
        using var cli = new CliProcess("fresh");
        if (provider == DatabaseProvider.Postgres)
        {
            var (server, reason) = await PostgresServer.GetAsync();
            TestEnvironment.RequireOrSkip(server is not null, $"PostgreSQL is not available: {reason}");
            cli.Environment["Database__Provider"] = "Postgres";
            cli.Environment["ConnectionStrings__JiraQuality"] = await server!.CreateDatabaseAsync();
        }

        await using var jira = await FakeJiraServer.StartAsync();
        jira.AddIssue("CC-1", new DateTime(2026, 11, 20, 9, 0, 0, DateTimeKind.Utc), "question", "answer");
        cli.Environment["JIRA_BASE_URL"] = jira.BaseUrl;
        cli.Environment["JIRA_EMAIL"] = FakeJiraServer.Email;
        cli.Environment["JIRA_API_KEY"] = FakeJiraServer.ApiToken;
        var export = Path.Combine(cli.Directory, "export.csv");
        await File.WriteAllTextAsync(export, CsvText.File(CsvText.Header(), CsvText.Row("CC-1")), TestContext.Current.CancellationToken);
        var scored = Path.Combine(cli.Directory, "scored.csv");
        await File.WriteAllTextAsync(scored, ScoredCsvTests.FirstLayout, TestContext.Current.CancellationToken);

        string[] arguments = verb switch
        {
            "import" => ["import", export],
            "import-scored" => ["import-scored", scored],
            "process" => ["process", "--no-llm"],
            "process --dry-run" => ["process", "--no-llm", "--dry-run"],
            "export jsonl" => ["export", "jsonl", "--output", Path.Combine(cli.Directory, "out.jsonl")],
            "export analysis" => ["export", "analysis", "--output", Path.Combine(cli.Directory, "out.csv")],
            "jobs show" => ["jobs", "show", NoSuchJob.ToString()],
            "jobs cancel" => ["jobs", "cancel", NoSuchJob.ToString()],
            "reapply-roles" => ["reapply-roles"],
            "sample" => ["sample", "--tickets", "5", "--output", Path.Combine(cli.Directory, "sample.csv"), "--agent-directory", "none"],
            _ => verb.Split(' '),
        };

        var run = await cli.RunAsync(arguments);

        var all = run.Output + run.Error;
        Assert.DoesNotContain("no such table", all, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("does not exist", all, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("Unhandled exception", all, StringComparison.OrdinalIgnoreCase);
        var expected = verb is "jobs show" or "jobs cancel" ? 1 : 0;
        Assert.True(run.ExitCode == expected, $"{verb} on {provider} exited {run.ExitCode}, expected {expected}:\n{all}");
        if (expected == 1)
        {
            Assert.Contains($"No job with id {NoSuchJob}", run.Error);
        }

        if (verb == "sync --dry-run")
        {
            Assert.Contains("Dry run: 1 Jira issues match", run.Output);
        }
    }
}
