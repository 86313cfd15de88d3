using Bunit;
using JiraQuality.Core.Agents.Directory;
using JiraQuality.Core.Ingestion;
using JiraQuality.Core.Ingestion.Prepared;
using JiraQuality.Core.Jobs;
using JiraQuality.Core.Reporting;
using JiraQuality.Core.Reporting.ConversationQueries;
using JiraQuality.Core.Reporting.Dashboard;
using JiraQuality.Core.Scoring.Processing;
using JiraQuality.Core.Scoring.Scorers;
using JiraQuality.Core.Storage;
using JiraQuality.Tests.Infrastructure;
using JiraQuality.Web.Features.Conversations;
using JiraQuality.Web.Features.Dashboard;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using MudBlazor.Services;
using static JiraQuality.Tests.Reporting.ConversationRows;

namespace JiraQuality.Tests.Reporting;

/// <summary>Cards, filters and the drill-down rendered with bUnit over a real SQLite database.</summary>
public sealed class DashboardComponentTests : BunitContext, IAsyncLifetime
{
    private static CancellationToken Ct => Xunit.TestContext.Current.CancellationToken;

    private TestDatabase? _database;
    private IJobQueue? _queue;
    private string? _jiraBaseUrl;

    public DashboardComponentTests()
    {
        // Registered as factories because bUnit freezes its container before the async database exists.
        Services.AddSingleton(_ => ConversationRows.CreateMetrics(_database!));
        Services.AddSingleton(sp => new ConversationQuery(_database!.Factory, sp.GetRequiredService<MetricsQuery>()));
        Services.AddSingleton(Options.Create(new MetricsOptions()));
        Services.AddSingleton<TimeProvider>(new FakeTimeProvider(new DateTimeOffset(Now)));
        Services.AddSingleton<IOptions<JiraQuality.Core.Jira.JiraOptions>>(_ => Options.Create(new JiraQuality.Core.Jira.JiraOptions { BaseUrl = _jiraBaseUrl ?? "" }));
        Services.AddSingleton(_ => _queue ?? new RecordingJobQueue());
        Services.AddSingleton(_ => new AgentDirectoryService(
            _database!.Factory,
            new IngestionPaths(Path.Combine(Path.GetTempPath(), "jq-no-directory-file"), new IngestionOptions(), new SampleOptions())));
        Services.AddSingleton(sp => new JiraQuality.Core.Identity.AuditLog(_database!.Factory, sp.GetRequiredService<TimeProvider>()));
        Services.AddSingleton(_ => new JiraQuality.Core.Identity.HubScopes(_database!.Factory));
        Services.AddSingleton(_ => new JiraQuality.Core.Review.AgreementQuery(_database!.Factory));
        Services.AddSingleton<JiraQuality.Core.Review.AgreementKpiQuery>();
        Services.AddSingleton(sp => new JiraQuality.Core.Reporting.Dashboard.ServiceDeskOutcomeQuery(_database!.Factory, sp.GetRequiredService<MetricsQuery>()));
        Services.AddSingleton<JiraQuality.Core.Identity.ConversationAccess>();
        Services.AddPageServices(() => _database!.Factory);
        Services.AddMudServices();
        _authorization = AddAuthorization();
        JSInterop.Mode = JSRuntimeMode.Loose;
        SetRendererInfo(new RendererInfo("Server", isInteractive: true));
    }

    private readonly Bunit.TestDoubles.BunitAuthorizationContext _authorization;

    ValueTask IAsyncLifetime.InitializeAsync() => ValueTask.CompletedTask;

    async ValueTask IAsyncDisposable.DisposeAsync() => await DisposeAsync();

    private async Task<TestDatabase> UseDatabaseAsync(IJobQueue? queue = null, string? jiraBaseUrl = null)
    {
        _database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        _queue = queue;
        _jiraBaseUrl = jiraBaseUrl;
        return _database;
    }

    [Fact]
    public void Kpi_card_shows_three_windows_and_colours_the_delta_by_the_metric_good_direction()
    {
        var windows = new List<WindowKpis>
        {
            new(MetricsWindow.Last24Hours, Period(KpiId.UnresolvedPercent, 40), Period(KpiId.UnresolvedPercent, 25)),
            new(MetricsWindow.Last7Days, Period(KpiId.UnresolvedPercent, 30), Period(KpiId.UnresolvedPercent, 35)),
            new(MetricsWindow.Last30Days, Period(KpiId.UnresolvedPercent, 33), Period(KpiId.UnresolvedPercent, null)),
        };

        var cut = Render<KpiCard>(p => p
            .Add(c => c.Definition, KpiCatalog.Get(KpiId.UnresolvedPercent))
            .Add(c => c.Windows, windows)
            .Add(c => c.Selected, MetricsWindow.Last24Hours)
            .Add(c => c.Href, "/conversations?focus=unresolved&window=24h"));

        Assert.Equal("40%", cut.Find("[data-testid=kpi-value]").TextContent);
        Assert.Equal("/conversations?focus=unresolved&window=24h", cut.Find("a").GetAttribute("href"));
        var headline = cut.Find(".jq-kpi-link > [data-testid=kpi-delta]");
        Assert.Contains("jq-delta-bad", headline.ClassName); // unresolved went up: worse
        Assert.Contains("+15 pts", headline.TextContent);
        var tiles = cut.FindAll("[data-window]");
        Assert.Equal(["24h", "7d", "30d"], tiles.Select(t => t.GetAttribute("data-window")));
        Assert.Contains("jq-kpi-tile-selected", tiles[0].ClassName);
        Assert.Contains("jq-delta-good", tiles[1].QuerySelector("[data-testid=kpi-delta]")!.ClassName); // went down: better
        Assert.Contains("no previous figure", tiles[2].TextContent);
        Assert.Contains("4 of 10", tiles[0].TextContent);
    }

    [Fact]
    public async Task Dashboard_reads_window_and_filters_from_the_url_and_writes_changes_back()
    {
        await using var db = await UseDatabaseAsync();
        await SeedAsync(db,
            Row("ABC-1", Now.AddHours(-1), r => r.Resolved = true),
            Row("ABC-2", Now.AddHours(-30)),
            Row("XYZ-3", Now.AddHours(-2)));
        var navigation = Services.GetRequiredService<NavigationManager>();
        navigation.NavigateTo("/?window=24h&q=ABC");

        var cut = Render<DashboardPage>();

        cut.WaitForAssertion(() => Assert.Equal("1", cut.Find("#kpi-volume [data-testid=kpi-value]").TextContent), TimeSpan.FromSeconds(10));
        Assert.Contains("jq-kpi-tile-selected", cut.Find("#kpi-volume [data-window=\"24h\"]").ClassName);
        Assert.Equal("2", cut.Find("#kpi-volume [data-window=\"7d\"] .jq-kpi-tile-value").TextContent);
        Assert.Contains("focus=unresolved", cut.Find("#kpi-unresolved a").GetAttribute("href"));
        Assert.Contains("q=ABC", cut.Find("#kpi-unresolved a").GetAttribute("href"));
        cut.WaitForAssertion(() => Assert.Contains("no reviews with an AI score yet", cut.Find("#kpi-ai-human-agreement").TextContent));

        cut.Find("#window-30d").Click();
        Assert.Contains("window=30d", navigation.Uri);
        Assert.Contains("q=ABC", navigation.Uri);
    }

    [Fact]
    public async Task Conversation_list_pages_on_the_server_and_keeps_the_filter_in_its_links()
    {
        await using var db = await UseDatabaseAsync();
        await SeedAsync(db, Enumerable.Range(1, 40)
            .Select(i => Row($"LIST-{i:00}", Now.AddHours(-i), r => r.Resolved = i % 4 != 0))
            .Append(Row("LIST-OLD", Now.AddDays(-10), r => r.Resolved = false))
            .ToArray());
        var navigation = Services.GetRequiredService<NavigationManager>();
        navigation.NavigateTo("/conversations?focus=resolved&hub=Hub%20A");

        var cut = Render<ConversationsPage>();

        cut.WaitForAssertion(() => Assert.Equal("30 conversation(s)", cut.Find("#conversations-total").TextContent), TimeSpan.FromSeconds(10));
        Assert.Equal(25, cut.FindAll("a.jq-issue-link").Count);
        Assert.Equal("LIST-01", cut.FindAll("a.jq-issue-link")[0].TextContent);
        Assert.Equal("/conversations/LIST-01?hub=Hub%20A&focus=resolved", cut.FindAll("a.jq-issue-link")[0].GetAttribute("href"));
        Assert.Equal("Resolved", cut.Find("#list-focus").TextContent);
        Assert.Contains("/api/conversations/export/csv?hub=Hub%20A&focus=resolved", cut.Find("#download-csv").GetAttribute("href"));
    }

    [Fact]
    public async Task Conversations_list_and_drill_down_name_agents_from_the_agent_directory()
    {
        await using var db = await UseDatabaseAsync();
        await SeedAsync(db,
            Row("NAME-1", Now.AddHours(-2), r => r.PrimaryAgent = "712020:known"),
            Row("NAME-2", Now.AddHours(-3), r => r.PrimaryAgent = "712020:unlisted"));
        await using (var context = db.Factory.CreateDbContext())
        {
            context.AgentDirectory.Add(new AgentDirectoryEntry { AccountId = "712020:known", DisplayName = "Ana Silva", Tier = "Tier 1" });
            await context.SaveChangesAsync(Ct);
        }

        var list = Render<ConversationsPage>();

        list.WaitForAssertion(() => Assert.Equal(2, list.FindAll(".agent-name").Count), TimeSpan.FromSeconds(10));
        Assert.Equal(["Ana Silva", "712020:unlisted"], list.FindAll(".agent-name").Select(a => a.TextContent));
        Assert.Equal("712020:known", list.FindAll(".agent-name")[0].GetAttribute("title"));

        var detail = Render<ConversationDetailPage>(p => p.Add(c => c.IssueKey, "NAME-1"));
        detail.WaitForAssertion(() => Assert.StartsWith("Ana Silva", detail.Find("#detail-primary-agent").TextContent), TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task Dashboard_without_any_data_says_how_to_get_some()
    {
        await using var db = await UseDatabaseAsync();

        var cut = Render<DashboardPage>();

        cut.WaitForAssertion(() => Assert.Contains("No scored conversations yet", cut.Find("#dashboard-no-data").TextContent), TimeSpan.FromSeconds(10));
        Assert.Equal("/import", cut.Find("#dashboard-no-data a").GetAttribute("href"));
        Assert.Empty(cut.FindAll("#data-as-of-banner"));
        Assert.Equal("—", cut.Find("#kpi-conversation-score [data-testid=kpi-value]").TextContent);
    }

    [Fact]
    public async Task Dashboard_names_agents_from_the_agent_directory_and_keeps_ids_it_does_not_know()
    {
        await using var db = await UseDatabaseAsync();
        await SeedAsync(db,
            Row("AG-1", Now.AddHours(-2), r => r.PrimaryAgent = "712020:known"),
            Row("AG-2", Now.AddHours(-3), r => r.PrimaryAgent = "712020:unlisted"));
        await using (var context = db.Factory.CreateDbContext())
        {
            context.AgentDirectory.Add(new AgentDirectoryEntry { AccountId = "712020:known", DisplayName = "Ana Silva", Tier = "Tier 1" });
            await context.SaveChangesAsync(Ct);
        }

        var cut = Render<DashboardPage>();

        cut.WaitForAssertion(() => Assert.Contains("Ana Silva", cut.Find("#panel-agent-matrix").TextContent), TimeSpan.FromSeconds(10));
        var matrix = cut.Find("#panel-agent-matrix").TextContent;
        Assert.DoesNotContain("712020:known", matrix);
        Assert.Contains("712020:unlisted", matrix);
    }

    [Fact]
    public async Task Dashboard_offers_to_anchor_at_the_latest_data_when_the_last_30_days_are_empty()
    {
        await using var db = await UseDatabaseAsync();
        await SeedAsync(db, Row("OLD-1", Now.AddDays(-45)));
        var navigation = Services.GetRequiredService<NavigationManager>();

        var cut = Render<DashboardPage>();

        cut.WaitForAssertion(() => Assert.Contains("latest data is from 2024-02-25 12:00 UTC", cut.Find("#data-as-of-banner").TextContent), TimeSpan.FromSeconds(10));
        cut.Find("#anchor-latest").Click();
        Assert.Contains("asOf=2024-02-25T12", Uri.UnescapeDataString(navigation.Uri));
    }

    [Fact]
    public async Task Drill_down_shows_the_thread_scores_with_evidence_links_and_queues_a_rescore()
    {
        // Re-scoring starts a job, which analysts and admins may do.
        _authorization.SetAuthorized("analyst@example.org").SetRoles(JiraQuality.Core.Identity.Roles.Analyst)
            .SetPolicies(JiraQuality.Core.Identity.Policies.Analyst);
        var queue = new RecordingJobQueue();
        await using var db = await UseDatabaseAsync(queue, "https://example.atlassian.net/");
        await SeedAsync(db,
            Row("DET-1", Now.AddHours(-1), r =>
            {
                r.ContactReasonOriginal = "Technical";
                r.ContactReason = "Billing";
                r.ContactReasonChanged = true;
                r.Model = "gpt-4o-mini";
                r.ScoreReasonsJson = """{"agent":{"reason":"Clear <b>steps</b>","evidence":[2]}}""";
            }),
            Row("DET-2", Now.AddHours(-2)));
        await using (var context = db.Factory.CreateDbContext())
        {
            context.PreparedConversations.Add(new PreparedConversation
            {
                IssueKey = "DET-1",
                ThreadJson = JiraQuality.Core.Conversations.ConversationJson.SerializeMessages(
                [
                    new() { Index = 1, Role = JiraQuality.Core.Conversations.MessageRole.Customer, Text = "<script>alert(1)</script> help", TimestampUtc = Now.AddMinutes(-90) },
                    new() { Index = 2, Role = JiraQuality.Core.Conversations.MessageRole.Agent, Tier = JiraQuality.Core.Conversations.AgentTier.Tier2, Text = "Fixed", TimestampUtc = Now.AddMinutes(-78) },
                    new() { Index = 3, Role = JiraQuality.Core.Conversations.MessageRole.Agent, Tier = JiraQuality.Core.Conversations.AgentTier.Tier1, Text = "note", IsInternal = true, TimestampUtc = Now.AddMinutes(-70) },
                ]),
                PreparedAtUtc = Now,
            });
            await context.SaveChangesAsync(Ct);
        }

        var cut = Render<ConversationDetailPage>(p => p.Add(c => c.IssueKey, "DET-1"));

        cut.WaitForAssertion(() => Assert.Equal(3, cut.FindAll(".jq-message").Count), TimeSpan.FromSeconds(10));
        Assert.Equal("Technical", cut.Find("#detail-reason-original").TextContent.Trim());
        Assert.Contains("Billing", cut.Find("#detail-reason-scored").TextContent);
        Assert.Contains("corrected", cut.Find("#detail-reason-scored").TextContent);
        Assert.Equal("https://example.atlassian.net/browse/DET-1", cut.Find("#jira-link").GetAttribute("href"));
        Assert.Contains("gpt-4o-mini", cut.Find("#detail-model").TextContent);
        Assert.Contains("Agent · Tier 2", cut.Find("#message-2").TextContent);
        Assert.Contains("+12.0m", cut.Find("#message-2").TextContent);
        Assert.Contains("jq-message-internal", cut.Find("#message-3").ClassName);
        Assert.Contains("Internal note", cut.Find("#message-3").TextContent);
        Assert.DoesNotContain("<script>", cut.Find("#message-1").InnerHtml);
        Assert.Contains("Clear <b>steps</b>", cut.Find("#score-agent").TextContent);
        Assert.EndsWith("/conversations/DET-1#message-2", cut.Find("#score-agent a.jq-evidence").GetAttribute("href"));
        Assert.Equal("1 of 2 in this list", cut.Find("#conversation-position").TextContent);
        Assert.Contains("/conversations/DET-2", cut.Find("#next-conversation").GetAttribute("href"));

        cut.Find("#rescore").Click();
        cut.WaitForAssertion(() => Assert.Contains("Re-score queued", cut.Find("#rescore-status").TextContent));
        var request = Assert.Single(queue.Requests);
        Assert.Equal((JobKinds.Rescore, "DET-1"), (request.Kind, request.Get(ProcessingParameters.Issue)));
        // The handler reads the request the page queued: one ticket, re-scored even though it is already scored.
        var processing = ProcessingParameters.ToRequest(request, rescore: true);
        Assert.Equal(["DET-1"], processing.IssueKeys!);
        Assert.True(processing.Force);
    }

    [Fact]
    public async Task Drill_down_shows_each_stored_llm_score_with_its_reason_cited_message_links_and_a_sub_cent_cost()
    {
        await using var db = await UseDatabaseAsync();
        await SeedAsync(db, Row("WHY-1", Now.AddHours(-1), r =>
        {
            r.ScorerKind = ScorerKinds.Llm;
            r.Model = "gpt-5-nano";
            r.ConversationRating = 4;
            r.AgentScore = 5;
            r.CustomerScore = 3;
            r.CostUsd = 0.000112;
            // As the processing service stores an LLM verdict: reasons beside the language judgement and versions.
            r.ScoreReasonsJson = new AssessmentDetails
            {
                Reasons = new Dictionary<string, ScoreReason>
                {
                    ["conversation_rating"] = new("Solved in one reply", [1, 2]),
                    ["agent_score"] = new("Clear steps", [2]),
                    ["customer_score"] = new("Patient", [1]),
                },
                LlmLanguage = new LanguageJudgement(false, 0, false, 0),
                Highlights = "fast",
                MetricsVersion = "m1",
            }.ToJson();
        }));

        var cut = Render<ConversationDetailPage>(p => p.Add(c => c.IssueKey, "WHY-1"));

        cut.WaitForAssertion(() => Assert.Equal(3, cut.FindAll("#score-cards > *").Count), TimeSpan.FromSeconds(10));
        Assert.Equal(["score-conversation", "score-agent", "score-customer"], cut.FindAll("#score-cards > *").Select(e => e.Id));
        Assert.Contains("Solved in one reply", cut.Find("#score-conversation").TextContent);
        Assert.Contains("4 / 5", cut.Find("#score-conversation").TextContent);
        Assert.Contains("Clear steps", cut.Find("#score-agent").TextContent);
        Assert.Contains("Patient", cut.Find("#score-customer").TextContent);
        Assert.DoesNotContain("No reason given", cut.Find("#score-cards").TextContent);
        Assert.Equal(
            ["/conversations/WHY-1#message-1", "/conversations/WHY-1#message-2"],
            cut.FindAll("#score-conversation a.jq-evidence").Select(a => a.GetAttribute("href")![a.GetAttribute("href")!.IndexOf("/conversations/", StringComparison.Ordinal)..]));
        Assert.Contains("$0.000112", cut.Find("#detail-scorer").TextContent);
    }

    [Fact]
    public async Task Drill_down_shows_redacted_text_until_the_original_is_asked_for_on_that_ticket()
    {
        await using var db = await UseDatabaseAsync();
        await SeedAsync(db, Row("PII-1", Now.AddHours(-1)), Row("PII-2", Now.AddHours(-2)));
        await using (var context = db.Factory.CreateDbContext())
        {
            foreach (var key in new[] { "PII-1", "PII-2" })
            {
                context.PreparedConversations.Add(new PreparedConversation
                {
                    IssueKey = key,
                    ThreadJson = JiraQuality.Core.Conversations.ConversationJson.SerializeMessages(
                    [
                        new()
                        {
                            Index = 1,
                            Role = JiraQuality.Core.Conversations.MessageRole.Customer,
                            Text = "Rui here, card 4111 1111 1111 1111, rui@example.com, +351 912 345 678",
                            RedactedText = "[customer] here, card [card], [email], [phone]",
                            TimestampUtc = Now.AddMinutes(-90),
                        },
                        // Stored without a redacted text: redacted on the page rather than shown in clear.
                        new() { Index = 2, Role = JiraQuality.Core.Conversations.MessageRole.Agent, Text = "Write to help@example.com", TimestampUtc = Now.AddMinutes(-80) },
                    ]),
                    PreparedAtUtc = Now,
                });
            }

            await context.SaveChangesAsync(Ct);
        }

        _authorization.SetAuthorized("analyst@example.org").SetRoles(JiraQuality.Core.Identity.Roles.Analyst);
        var cut = Render<ConversationDetailPage>(p => p.Add(c => c.IssueKey, "PII-1"));

        cut.WaitForAssertion(() => Assert.Equal(2, cut.FindAll(".jq-message").Count), TimeSpan.FromSeconds(10));
        Assert.Contains("[customer] here, card [card], [email], [phone]", cut.Find("#message-1").TextContent);
        Assert.Contains("Write to [email]", cut.Find("#message-2").TextContent);
        Assert.DoesNotContain("4111", cut.Find("#thread").TextContent);
        Assert.DoesNotContain("example.com", cut.Find("#thread").TextContent);

        cut.Find("#show-original").Change(true);
        cut.WaitForAssertion(() => Assert.Contains("card 4111 1111 1111 1111, rui@example.com", cut.Find("#message-1").TextContent));
        var reveal = Assert.Single(await JiraQuality.Tests.Identity.PersonalDataFixtures.AuditEntriesAsync(db.Factory));
        Assert.Equal(("analyst@example.org", JiraQuality.Core.Identity.AuditActions.RevealPersonalData, "PII-1"), (reveal.Actor, reveal.Action, reveal.Target));

        cut.Render(p => p.Add(c => c.IssueKey, "PII-2"));
        cut.WaitForAssertion(() => Assert.Contains("[customer] here", cut.Find("#message-1").TextContent), TimeSpan.FromSeconds(10));
        Assert.DoesNotContain("4111", cut.Find("#thread").TextContent);
    }

    [Fact]
    public async Task Drill_down_for_a_viewer_offers_no_original_and_its_markup_holds_no_personal_data()
    {
        await using var db = await UseDatabaseAsync();
        await JiraQuality.Tests.Identity.PersonalDataFixtures.SeedAsync(db.Factory, "PII-V");
        _authorization.SetAuthorized("viewer@example.net").SetRoles(JiraQuality.Core.Identity.Roles.Viewer);

        var cut = Render<ConversationDetailPage>(p => p.Add(c => c.IssueKey, "PII-V"));

        cut.WaitForAssertion(() => Assert.Equal(2, cut.FindAll(".jq-message").Count), TimeSpan.FromSeconds(10));
        Assert.Empty(cut.FindAll("#show-original"));
        Assert.Contains("Analysts and admins can show the original", cut.Find("#redacted-note").TextContent);
        Assert.Contains("my card [card] was charged twice", cut.Find("#message-1").TextContent);
        JiraQuality.Tests.Identity.PersonalDataFixtures.AssertNoPersonalData(cut.Markup);
        Assert.Empty(await JiraQuality.Tests.Identity.PersonalDataFixtures.AuditEntriesAsync(db.Factory));
    }

    [Fact]
    public async Task Drill_down_shows_the_tickets_assignee()
    {
        await using var db = await UseDatabaseAsync();
        await SeedAsync(db, Row("ASG-1", Now.AddHours(-1)));
        await using (var context = db.Factory.CreateDbContext())
        {
            context.PreparedConversations.Add(new PreparedConversation
            {
                IssueKey = "ASG-1",
                Assignee = "lkelly",
                ThreadJson = JiraQuality.Core.Conversations.ConversationJson.SerializeMessages(
                    [new() { Index = 1, Role = JiraQuality.Core.Conversations.MessageRole.Customer, Text = "help", TimestampUtc = Now.AddMinutes(-90) }]),
                PreparedAtUtc = Now,
            });
            await context.SaveChangesAsync(Ct);
        }

        var cut = Render<ConversationDetailPage>(p => p.Add(c => c.IssueKey, "ASG-1"));

        cut.WaitForAssertion(() => Assert.Equal("lkelly", cut.Find("#detail-assignee").TextContent.Trim()), TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task Drill_down_says_so_when_the_ticket_is_unknown()
    {
        await using var db = await UseDatabaseAsync();

        var cut = Render<ConversationDetailPage>(p => p.Add(c => c.IssueKey, "NOPE-9"));

        cut.WaitForAssertion(() => Assert.Contains("NOPE-9", cut.Find("#detail-not-found").TextContent), TimeSpan.FromSeconds(10));
        Assert.Empty(cut.FindAll("#rescore"));
        Assert.Empty(cut.FindAll(".jq-message"));
    }

    private static PeriodKpis Period(KpiId id, double? value)
    {
        var values = Enum.GetValues<KpiId>().ToDictionary(k => k, _ => new KpiValue(null, 0, 0));
        values[id] = new KpiValue(value, value is null ? 0 : (long)(value / 10), value is null ? 0 : 10);
        return new PeriodKpis(Now.AddDays(-1), Now, 10, values);
    }

    private sealed class RecordingJobQueue : IJobQueue
    {
        public List<JobRequest> Requests { get; } = [];

        public Task<JobSnapshot> EnqueueAsync(JobRequest request, CancellationToken cancellationToken = default)
        {
            Requests.Add(request);
            return Task.FromResult(new JobSnapshot(Guid.NewGuid(), request.Kind, JobStates.Queued, request.RequestedBy, 0, 1, null, Now, null, null, null, null));
        }

        public Task<JobSnapshot?> GetAsync(Guid id, CancellationToken cancellationToken = default) => Task.FromResult<JobSnapshot?>(null);

        public Task<bool> CancelAsync(Guid id, CancellationToken cancellationToken = default) => Task.FromResult(false);
    }
}
