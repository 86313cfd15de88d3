using JiraQuality.Core.Storage;
using JiraQuality.Tests.Infrastructure;
using JiraQuality.Tests.Ingestion;
using Microsoft.EntityFrameworkCore;

namespace JiraQuality.Tests.Scoring;

/// <summary>The <c>process</c> verb run as a child process: a run that leaves conversations unscored never exits 0.</summary>
public sealed class ProcessExitCodeTests : IDisposable
{
    private readonly CliProcess _cli = new("process-exit");

    [Fact]
    public async Task Process_exits_one_when_a_conversation_failed_and_zero_once_everything_is_scored()
    {
        var export = Path.Combine(_cli.Directory, "export.csv");
        var comment = CsvText.Comment("03/Nov/25 9:00 AM", CsvText.Customer, "the dock will not release my bike");
        await File.WriteAllTextAsync(export, CsvText.File(CsvText.Header(), CsvText.Row("CC-1", "03/11/2025 09:30", comment), CsvText.Row("CC-2", "03/11/2025 09:30", comment), CsvText.Row("CC-3", "03/11/2025 09:30", comment)), TestContext.Current.CancellationToken);
        var import = await _cli.RunAsync("import", export);
        Assert.True(import.ExitCode == 0, import.Output + import.Error);
        await ExecuteAsync("CREATE TRIGGER refuse_cc2 BEFORE INSERT ON jira_processed_conversations WHEN NEW.issue_key = 'CC-2' BEGIN SELECT RAISE(ABORT, 'refused'); END;");

        var failed = await _cli.RunAsync("process", "--no-llm");

        Assert.True(failed.ExitCode == 1, $"exit {failed.ExitCode}: {failed.Output}{failed.Error}");
        Assert.Contains("Stored 2 processed conversations", failed.Output);
        Assert.Contains("1 failed", failed.Output);
        Assert.Contains("Unprocessed: CC-2.", failed.Output);

        await ExecuteAsync("DROP TRIGGER refuse_cc2;");
        var retried = await _cli.RunAsync("process", "--no-llm");

        Assert.True(retried.ExitCode == 0, $"exit {retried.ExitCode}: {retried.Output}{retried.Error}");
        Assert.Contains("Stored 1 processed conversations", retried.Output);
    }

    private async Task ExecuteAsync(string sql)
    {
        var factory = new JiraQualityContextFactory(new StorageOptions
        {
            Provider = DatabaseProvider.Sqlite,
            ConnectionString = $"Data Source={Path.Combine(_cli.Directory, "cli.db")};Pooling=False",
        });
        await using var db = factory.CreateDbContext();
        await db.Database.ExecuteSqlRawAsync(sql, TestContext.Current.CancellationToken);
    }

    public void Dispose() => _cli.Dispose();
}
