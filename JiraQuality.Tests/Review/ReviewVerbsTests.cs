using JiraQuality.Core.Review;
using JiraQuality.Core.Scoring.Processing;
using JiraQuality.Core.Storage;
using JiraQuality.Tests.Identity;
using JiraQuality.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace JiraQuality.Tests.Review;

/// <summary><c>review import</c> and <c>review export</c> run as the real executable on fresh databases of both providers.</summary>
public sealed class ReviewVerbsTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<JiraQualityContextFactory> DatabaseOfAsync(CliProcess cli, DatabaseProvider provider)
    {
        var migrated = await cli.RunAsync("migrate");
        Assert.True(migrated.ExitCode == 0, migrated.Output + migrated.Error);
        var connection = provider == DatabaseProvider.Postgres
            ? cli.Environment["ConnectionStrings__JiraQuality"]!
            : $"Data Source={Path.Combine(cli.Directory, "cli.db")};Pooling=False";
        var factory = new JiraQualityContextFactory(new StorageOptions { Provider = provider, ConnectionString = connection });
        await using var db = factory.CreateDbContext();
        foreach (var (key, agent) in new[] { ("SUP-1", 3.5), ("SUP-2", 2.0), ("SUP-3", 5.0) })
        {
            db.ProcessedConversations.Add(new ProcessedConversation
            {
                IssueKey = key,
                Status = "Done",
                ConversationEndUtc = new DateTime(2026, 11, 1, 10, 0, 0, DateTimeKind.Utc),
                AgentScore = agent,
                ScorerKind = "heuristic",
                ScorerVersion = "h-1",
                PrimaryAgent = "712020:agent-1",
                ProcessedAtUtc = new DateTime(2026, 11, 1, 11, 0, 0, DateTimeKind.Utc),
            });
        }

        await db.SaveChangesAsync(Ct);
        return factory;
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Bad_rows_are_reported_by_line_their_review_is_skipped_and_the_rest_is_stored(DatabaseProvider provider)
    {
        using var cli = await UsersVerbsTests.CliAsync(provider, "review-import");
        var database = await DatabaseOfAsync(cli, provider);
        var file = Path.Combine(cli.Directory, "reviews.csv");
        await File.WriteAllTextAsync(file, string.Join("\n",
            "issue_key,reviewer,category,score,comment",
            "SUP-1,ana@support.example,agent_score,4,Good fix",
            "SUP-1,ana@support.example,greeting,pass,",
            "SUP-1,ana@support.example,Empathy,3,",
            "SUP-2,bo@support.example,agent_score,2,",
            "SUP-2,bo@support.example,tone,9,",
            "SUP-9,ana@support.example,agent_score,3,",
            "SUP-3,not-an-address,agent_score,3,",
            "SUP-3,ana@support.example,politeness,3,",
            "SUP-3,ana@support.example,agent_score,5,",
            "SUP-3,ana@support.example,agent_score,4,",
            ""), Ct);

        var run = await cli.RunAsync("review", "import", file);

        Assert.True(run.ExitCode == 1, run.Output + run.Error);
        Assert.Contains("reviews.csv line 6: score '9' for tone must be a whole number from 1 to 5.", run.Error);
        Assert.Contains("reviews.csv: the review of SUP-2 by bo@support.example was skipped because of line(s) 6.", run.Error);
        Assert.Contains("reviews.csv line 7: issue_key 'SUP-9' is not a processed conversation.", run.Error);
        Assert.Contains("reviews.csv line 8: reviewer 'not-an-address' is not an e-mail address.", run.Error);
        Assert.Contains("reviews.csv line 9: category 'politeness' is not on the scorecard (version 1).", run.Error);
        Assert.Contains("reviews.csv line 11: SUP-3 by ana@support.example is already scored on agent_score at line 10.", run.Error);
        Assert.Contains("Reviews: 1 new, 0 updated, 0 unchanged; 10 row(s) read, 7 skipped; 1 reviewer account(s) added.", run.Output);

        await using (var db = database.CreateDbContext())
        {
            var stored = await db.Set<ConversationReview>().Include(r => r.Scores).Include(r => r.Comments).SingleAsync(Ct);
            Assert.Equal(("SUP-1", "ana@support.example", ReviewSources.Import, "Good fix"), (stored.IssueKey, stored.ReviewerEmail, stored.Source, Assert.Single(stored.Comments).Text));
            Assert.Equal(["agent_score:4:3.5", "empathy:3:", "greeting:1:"], stored.Scores.OrderBy(s => s.Category).Select(s => $"{s.Category}:{s.Score}:{s.AiScore}"));
        }

        var users = await cli.RunAsync("users", "list");
        Assert.Matches(@"ana@support\.example\s+viewer\s+no", users.Output);
        Assert.DoesNotContain("bo@support.example", users.Output);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Importing_again_changes_nothing_and_an_export_imports_back_unchanged(DatabaseProvider provider)
    {
        using var cli = await UsersVerbsTests.CliAsync(provider, "review-roundtrip");
        var database = await DatabaseOfAsync(cli, provider);
        var file = Path.Combine(cli.Directory, "reviews.csv");
        await File.WriteAllTextAsync(file, string.Join("\r\n",
            "issue_key;reviewer;category;score",
            "SUP-1;ana@support.example;agent_score;4",
            "SUP-1;ana@support.example;solution_offered;fail",
            "",
            "SUP-2;bo@support.example;agent_score;2",
            "SUP-2;bo@support.example;customer_score;n/a"), Ct);

        var first = await cli.RunAsync("review", "import", file);
        Assert.True(first.ExitCode == 0, first.Output + first.Error);
        Assert.Contains("Reviews: 2 new, 0 updated, 0 unchanged; 4 row(s) read, 0 skipped; 2 reviewer account(s) added.", first.Output);
        DateTime[] before;
        await using (var db = database.CreateDbContext())
        {
            before = await db.Set<ConversationReview>().OrderBy(r => r.IssueKey).Select(r => r.UpdatedAtUtc).ToArrayAsync(Ct);
            Assert.Equal(0, (await db.Set<ConversationReview>().SingleAsync(r => r.IssueKey == "SUP-1", Ct)).Total);
        }

        var again = await cli.RunAsync("review", "import", file);
        Assert.True(again.ExitCode == 0, again.Output + again.Error);
        Assert.Contains("Reviews: 0 new, 0 updated, 2 unchanged; 4 row(s) read, 0 skipped; 0 reviewer account(s) added.", again.Output);
        await using (var db = database.CreateDbContext())
        {
            Assert.Equal(before, await db.Set<ConversationReview>().OrderBy(r => r.IssueKey).Select(r => r.UpdatedAtUtc).ToArrayAsync(Ct));
            Assert.Equal(4, await db.Set<ReviewScore>().CountAsync(Ct));
        }

        var exportFile = Path.Combine(cli.Directory, "export.csv");
        var exported = await cli.RunAsync("review", "export", "--output", exportFile);
        Assert.True(exported.ExitCode == 0, exported.Output + exported.Error);
        Assert.Contains("Exported 2 review(s)", exported.Output);
        var lines = (await File.ReadAllLinesAsync(exportFile, Ct)).Where(l => l.Length > 0).ToList();
        Assert.Equal("issue_key,reviewer,category,score,comment,scorecard_version,ai_score,total,source,reviewed_at_utc", lines[0]);
        Assert.StartsWith("SUP-1,ana@support.example,agent_score,4,,1,3.5,0,import,", lines[1]);
        Assert.StartsWith("SUP-1,ana@support.example,solution_offered,fail,,1,,0,import,", lines[2]);
        Assert.StartsWith("SUP-2,bo@support.example,agent_score,2,,1,2,", lines[3]);
        Assert.StartsWith("SUP-2,bo@support.example,customer_score,n/a,,1,,", lines[4]);

        var back = await cli.RunAsync("review", "import", exportFile);
        Assert.True(back.ExitCode == 0, back.Output + back.Error);
        Assert.Contains("Reviews: 0 new, 0 updated, 2 unchanged;", back.Output);

        var headerOnly = Path.Combine(cli.Directory, "empty.csv");
        await File.WriteAllTextAsync(headerOnly, "issue_key,reviewer,category,score\n", Ct);
        var nothing = await cli.RunAsync("review", "import", headerOnly);
        Assert.True(nothing.ExitCode == 1, nothing.Output + nothing.Error);
        Assert.Contains("empty.csv: no review rows", nothing.Error);

        var wrongHeader = Path.Combine(cli.Directory, "wrong.csv");
        await File.WriteAllTextAsync(wrongHeader, "key,who,score\nSUP-1,ana@support.example,4\n", Ct);
        var refused = await cli.RunAsync("review", "import", wrongHeader);
        Assert.True(refused.ExitCode == 1, refused.Output + refused.Error);
        Assert.Contains("wrong.csv line 1: missing column(s) issue_key, reviewer, category", refused.Error);

        var missing = await cli.RunAsync("review", "import", Path.Combine(cli.Directory, "nope.csv"));
        Assert.Equal(1, missing.ExitCode);
    }
}
