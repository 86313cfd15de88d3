using JiraQuality.Core.Identity;
using JiraQuality.Benchmarks.Sample;
using JiraQuality.Core.Jobs;
using JiraQuality.Core.Reporting.ConversationQueries;
using JiraQuality.Core.Storage;
using JiraQuality.Tests.Identity;
using JiraQuality.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static JiraQuality.Tests.Reporting.ConversationRows;

namespace JiraQuality.Tests.Scoring;

/// <summary>Imported but unscored tickets are visible, can be scored from their drill-down, and stopped work can be resumed or cancelled.</summary>
public sealed class PendingScoringTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Pending_tickets_are_those_without_scores_within_the_allowed_hubs(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using (var context = db.Factory.CreateDbContext())
        {
            context.PreparedConversations.AddRange(
                PersonalDataFixtures.PreparedRow("P-1"),
                PersonalDataFixtures.PreparedRow("P-2", hub: "Hub B"),
                PersonalDataFixtures.PreparedRow("S-1"));
            context.ProcessedConversations.Add(Row("S-1", Now));
            await context.SaveChangesAsync(Ct);
        }

        var pending = new PendingConversationQuery(db.Factory);
        var all = await pending.GetPageAsync(null, 0, 10, Ct);
        Assert.Equal(["P-1", "P-2"], all.Items.Select(i => i.IssueKey).Order());
        Assert.All(all.Items, i => PersonalDataFixtures.AssertNoPersonalData(i.Summary));
        Assert.Equal(1, await pending.CountAsync("Hub B", Ct));
        Assert.NotNull(await pending.GetAsync("P-1", null, Ct));
        Assert.Null(await pending.GetAsync("P-1", "Hub B", Ct));
        Assert.Null(await pending.GetAsync("S-1", null, Ct));
    }

    [Fact]
    public async Task Analyst_finds_a_pending_ticket_reads_its_thread_and_scores_it_while_a_viewer_only_reads_it_redacted()
    {
        await using var browser = await Infrastructure.Browser.LaunchAsync();
        await using var factory = new JiraQualityAppFactory();
        var baseUrl = factory.StartKestrel();
        var contexts = factory.Services.GetRequiredService<JiraQualityContextFactory>();
        await using (var db = contexts.CreateDbContext())
        {
            db.PreparedConversations.Add(PersonalDataFixtures.PreparedRow("PEND-1"));
            db.ProcessedConversations.Add(Row("DONE-1", DateTime.UtcNow.AddHours(-1)));
            await db.SaveChangesAsync(Ct);
        }

        var viewer = await browser.OpenAsync(baseUrl + "/conversations/PEND-1", role: Roles.Viewer);
        await Assertions.Expect(viewer.Locator("#detail-pending")).ToContainTextAsync("Pending scoring");
        await Assertions.Expect(viewer.Locator("li.jq-message")).ToHaveCountAsync(2);
        await Assertions.Expect(viewer.Locator("#score-heuristic")).ToHaveCountAsync(0);
        await Assertions.Expect(viewer.Locator("#score-not-allowed")).ToBeVisibleAsync();
        PersonalDataFixtures.AssertNoPersonalData(await viewer.ContentAsync());

        var page = await browser.OpenAsync(baseUrl + "/conversations", role: Roles.Analyst);
        await Assertions.Expect(page.Locator("#show-pending")).ToHaveTextAsync("1 imported ticket(s) pending scoring");
        await page.Locator("#show-pending").ClickAsync();
        await Assertions.Expect(page.Locator("#list-focus")).ToHaveTextAsync("Pending scoring");
        await Assertions.Expect(page.Locator("#pending-total")).ToHaveTextAsync("1 ticket(s) imported and waiting to be scored");
        await page.Locator("a.jq-pending-link", new PageLocatorOptions { HasText = "PEND-1" }).ClickAsync();

        await Assertions.Expect(page.Locator("h1#page-title")).ToHaveTextAsync("PEND-1");
        await Assertions.Expect(page.Locator("#detail-pending")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#score-llm")).ToBeDisabledAsync();
        await Infrastructure.Browser.ScreenshotAsync(page, "pending-scoring");
        await page.Locator("#score-heuristic").ClickAsync();

        // The job scores it; the page turns into the scored drill-down by itself.
        await Assertions.Expect(page.Locator("#detail-summary")).ToBeVisibleAsync(new LocatorAssertionsToBeVisibleOptions { Timeout = 60_000 });
        await Assertions.Expect(page.Locator("#detail-pending")).ToHaveCountAsync(0);
        await using (var db = contexts.CreateDbContext())
        {
            var row = await db.ProcessedConversations.SingleAsync(p => p.IssueKey == "PEND-1", Ct);
            Assert.Equal("heuristic", row.ScorerKind);
        }

        var jobs = await factory.Services.GetRequiredService<JobStore>().ListAsync(new JobListFilter(), Ct);
        Assert.Contains(jobs, j => j.Kind == JobKinds.Rescore && j.RequestedBy.Contains("analyst", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task A_cancelled_processing_job_is_resumed_from_the_jobs_page()
    {
        await using var browser = await Infrastructure.Browser.LaunchAsync();
        await using var factory = new JiraQualityAppFactory();
        var baseUrl = factory.StartKestrel();
        var contexts = factory.Services.GetRequiredService<JiraQualityContextFactory>();
        var cancelled = Guid.NewGuid();
        await using (var db = contexts.CreateDbContext())
        {
            db.PreparedConversations.AddRange(PersonalDataFixtures.PreparedRow("RES-1"), PersonalDataFixtures.PreparedRow("RES-2"));
            db.JobRuns.Add(new JobRun
            {
                Id = cancelled,
                Kind = JobKinds.Processing,
                ParametersJson = """{"noLlm":"true","jobId":"x"}""",
                InputKey = "cancelled-" + cancelled,
                RequestedBy = "someone@example.test",
                State = JobStates.Cancelled,
                Total = 2,
                CreatedAtUtc = DateTime.UtcNow.AddMinutes(-5),
                StartedAtUtc = DateTime.UtcNow.AddMinutes(-5),
                FinishedAtUtc = DateTime.UtcNow.AddMinutes(-4),
            });
            await db.SaveChangesAsync(Ct);
        }

        var viewer = await browser.OpenAsync(baseUrl + $"/jobs/{cancelled}", role: Roles.Viewer);
        await Assertions.Expect(viewer.Locator("#job-details-title")).ToHaveTextAsync("processing job");
        await Assertions.Expect(viewer.Locator("#job-resume")).ToHaveCountAsync(0);

        var page = await browser.OpenAsync(baseUrl + $"/jobs/{cancelled}", role: Roles.Analyst);
        await page.Locator("#job-resume").ClickAsync();
        await Assertions.Expect(page).Not.ToHaveURLAsync(new System.Text.RegularExpressions.Regex(cancelled.ToString()));
        await Assertions.Expect(page.Locator("#job-details .job-state").First).ToHaveTextAsync(JobStates.Succeeded, new LocatorAssertionsToHaveTextOptions { Timeout = 60_000 });
        await using (var db = contexts.CreateDbContext())
        {
            Assert.Equal(2, await db.ProcessedConversations.CountAsync(Ct));
        }
    }

    [Fact]
    public async Task The_import_page_cancels_its_own_import()
    {
        await using var browser = await Infrastructure.Browser.LaunchAsync();
        // Small commit batches keep the import running for seconds, so the click lands before it ends even on a fast
        // machine, and give it many safe points to stop at.
        await using var factory = new JiraQualityAppFactory(new Dictionary<string, string?> { ["Ingestion:BatchSize"] = "10" });
        var baseUrl = factory.StartKestrel();
        var export = new SampleExportGenerator(new SampleExportSettings { Tickets = 6000 }).WriteFile(Path.Combine(factory.DataDirectory, "big-export.csv"));

        var page = await browser.OpenAsync(baseUrl + "/import", role: Roles.Analyst);
        await Infrastructure.Browser.ChooseFilesAsync(page, export);
        var cancel = page.Locator("button.import-cancel");
        await Assertions.Expect(cancel).ToBeVisibleAsync(new LocatorAssertionsToBeVisibleOptions { Timeout = 60_000 });
        await cancel.ClickAsync();
        await Assertions.Expect(page.Locator(".import-cancel-status")).ToContainTextAsync("Cancellation of the");
        await Assertions.Expect(page.Locator(".job-state", new PageLocatorOptions { HasText = JobStates.Cancelled }).First).ToBeVisibleAsync(new LocatorAssertionsToBeVisibleOptions { Timeout = 60_000 });
        await Infrastructure.Browser.ScreenshotAsync(page, "import-cancelled");

        // Resuming scores what the cancelled import stored.
        await page.Locator("button.import-resume").ClickAsync();
        await Assertions.Expect(page.Locator(".import-resumed .job-state")).ToHaveTextAsync(JobStates.Succeeded, new LocatorAssertionsToHaveTextOptions { Timeout = 120_000 });
        await using var db = factory.Services.GetRequiredService<JiraQualityContextFactory>().CreateDbContext();
        Assert.False(await db.PreparedConversations.AnyAsync(p => !db.ProcessedConversations.Any(x => x.IssueKey == p.IssueKey), Ct));
    }
}
