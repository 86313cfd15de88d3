using JiraQuality.Core.Scoring;
using JiraQuality.Core.Scoring.Processing;
using JiraQuality.Core.Scoring.Scorers;
using JiraQuality.Core.Storage;
using JiraQuality.Tests.Infrastructure;
using JiraQuality.Tests.Jira;
using JiraQuality.Tests.Scoring;
using Microsoft.Extensions.Logging;

namespace JiraQuality.Tests.Hosting;

/// <summary>Verbs keep their report readable (log at Warning unless --verbose, on standard error); the app log does not grow per conversation.</summary>
public sealed class QuietLoggingTests
{
    [Fact]
    public async Task Sync_prints_its_report_without_information_logs_unless_verbose()
    {
        using var cli = new CliProcess("quiet");
        await using var jira = await FakeJiraServer.StartAsync();
        jira.AddIssue("CC-1", new DateTime(2026, 11, 20, 9, 0, 0, DateTimeKind.Utc), "question", "answer");
        cli.Environment["JIRA_BASE_URL"] = jira.BaseUrl;
        cli.Environment["JIRA_EMAIL"] = FakeJiraServer.Email;
        cli.Environment["JIRA_API_KEY"] = FakeJiraServer.ApiToken;

        var quiet = await cli.RunAsync("sync");
        var verbose = await cli.RunAsync("sync", "--verbose", "--force-full-refresh");

        Assert.True(quiet.ExitCode == 0, quiet.Output + quiet.Error);
        Assert.Contains("Fetched 1 Jira issues", quiet.Output);
        Assert.DoesNotContain("info:", quiet.Output + quiet.Error);
        Assert.True(verbose.ExitCode == 0, verbose.Output + verbose.Error);
        Assert.Contains("Fetched 1 Jira issues", verbose.Output);
        Assert.DoesNotContain("info:", verbose.Output);
        Assert.Contains("info: System.Net.Http.HttpClient", verbose.Error);
        Assert.DoesNotContain("Microsoft.EntityFrameworkCore.Database.Command", verbose.Error);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Processing_logs_no_information_line_per_conversation(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using (var db = database.Factory.CreateDbContext())
        {
            db.PreparedConversations.AddRange(ScoringTestSupport.Tickets(12));
            await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        }

        var log = new RecordingLogger<ProcessingService>();
        var service = new ProcessingService(database.Factory, ScoringTestSupport.Factory(), TimeProvider.System, log);

        var result = await service.RunAsync(new ProcessingRequest(), new HeuristicScorer(new ScoringOptions()), Core.Jobs.NullJobProgress.Instance, TestContext.Current.CancellationToken);

        Assert.Equal(12, result.Processed);
        Assert.Contains(log.Entries, e => e.Level == LogLevel.Debug && e.Message.StartsWith("Processing progress: 12/12", StringComparison.Ordinal));
        Assert.True(log.Entries.Count(e => e.Level >= LogLevel.Information) <= 2, string.Join("\n", log.Entries.Where(e => e.Level >= LogLevel.Information).Select(e => e.Message)));
    }

    private sealed class RecordingLogger<T> : ILogger<T>
    {
        private readonly Lock _gate = new();

        public List<(LogLevel Level, string Message)> Entries { get; } = [];

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            lock (_gate)
            {
                Entries.Add((logLevel, formatter(state, exception)));
            }
        }
    }
}
