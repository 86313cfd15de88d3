using Bunit;
using JiraQuality.Core.Agents.Directory;
using JiraQuality.Core.Conversations;
using JiraQuality.Core.Ingestion;
using JiraQuality.Core.Ingestion.Import;
using JiraQuality.Core.Ingestion.Roles;
using JiraQuality.Benchmarks.Sample;
using JiraQuality.Core.Jobs;
using JiraQuality.Core.Scoring.Processing;
using JiraQuality.Core.Scoring.Scorers;
using JiraQuality.Tests.Infrastructure;
using JiraQuality.Tests.Scoring;
using JiraQuality.Web.Features.Import;
using JiraQuality.Core.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using MudBlazor.Services;

namespace JiraQuality.Tests.Ingestion;

// Not a MudTestContext: the page's own services (from a running app) must be registered before MudBlazor's setup builds the provider.
public sealed class ImportPageTests : BunitContext, IAsyncLifetime
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);

    ValueTask IAsyncLifetime.InitializeAsync() => ValueTask.CompletedTask;

    async ValueTask IAsyncDisposable.DisposeAsync() => await DisposeAsync();

    private ImportPageState UseApp(JiraQualityAppFactory factory)
    {
        var app = factory.Services;
        Services.AddSingleton(app.GetRequiredService<ImportPageState>());
        Services.AddSingleton(app.GetRequiredService<IngestionOptions>());
        Services.AddSingleton(app.GetRequiredService<UploadSpool>());
        Services.AddSingleton(app.GetRequiredService<JiraQuality.Core.Instances.StoredUploads>());
        Services.AddSingleton(app.GetRequiredService<IJobQueue>());
        Services.AddSingleton(app.GetRequiredService<IJobEvents>());
        Services.AddSingleton(app.GetRequiredService<JobStore>());
        Services.AddSingleton(app.GetRequiredService<AgentDirectoryService>());
        Services.AddSingleton(app.GetRequiredService<KnownCustomerService>());
        Services.AddSingleton(app.GetRequiredService<JiraQuality.Core.Scoring.Scorers.ScorerFactory>());
        Services.AddSingleton(app.GetRequiredService<JiraQuality.Core.Scoring.Processing.ProcessingCostEstimator>());
        Services.AddSingleton(app.GetRequiredService<JiraQuality.Core.Identity.AuditLog>());
        Services.AddSingleton(app.GetRequiredService<JiraQuality.Core.Identity.HubScopes>());
        Services.AddScoped<Microsoft.AspNetCore.Components.Authorization.AuthenticationStateProvider, NobodySignedIn>();
        Services.AddScoped<JiraQuality.Web.Features.Identity.PageUser>();
        Services.AddScoped<JiraQuality.Web.Features.Settings.SettingsAudit>();
        Services.AddMudServices();
        JSInterop.Mode = JSRuntimeMode.Loose;
        SetRendererInfo(new Microsoft.AspNetCore.Components.RendererInfo("Server", isInteractive: true));
        return app.GetRequiredService<ImportPageState>();
    }

    [Fact]
    public async Task Shows_the_empty_state_then_the_import_and_processing_chain_and_the_report_with_rejected_rows_encoded()
    {
        await using var factory = new JiraQualityAppFactory();
        var state = UseApp(factory);

        var page = Render<ImportPage>();
        Assert.NotNull(page.Find("h1#page-title"));
        Assert.Contains("No import yet", page.Find("#import-empty").TextContent);
        Assert.NotNull(page.Find("#upload-kind-detect"));

        var path = Path.Combine(factory.DataDirectory, "upload.csv");
        await File.WriteAllTextAsync(path, CsvText.File(CsvText.Header(), CsvText.Row("CC-1"), CsvText.Row("<b>x</b>")), Xunit.TestContext.Current.CancellationToken);
        Assert.True(await state.StartAsync([(new ImportFile(path, "march.csv"), ImportFileKind.JiraExport)], cancellationToken: Xunit.TestContext.Current.CancellationToken));
        await state.WhenIdleAsync();

        page.WaitForAssertion(() => Assert.Contains("1 created", page.Find("#import-summary").TextContent), Wait);
        Assert.Contains("march.csv", page.Find("#import-report").TextContent);
        Assert.Contains("Rejected rows (1)", page.Markup);
        page.WaitForAssertion(() =>
        {
            Assert.Equal("succeeded", page.Find(".import-job [data-step='1'] .job-progress").GetAttribute("data-state"));
            Assert.Equal("processing", page.Find(".import-job [data-step='2'] .job-kind").TextContent);
            Assert.Equal("succeeded", page.Find(".import-job [data-step='2'] .job-progress").GetAttribute("data-state"));
        }, Wait);
        page.FindAll(".mud-expand-panel-header").First().Click();
        page.WaitForAssertion(() => Assert.Contains("&lt;b&gt;x&lt;/b&gt;", page.Markup));
        Assert.DoesNotContain("<b>x</b>", page.Markup);
        Assert.False(File.Exists(path), "the uploaded copy is deleted after the import");
    }

    [Fact]
    public async Task A_second_upload_while_an_import_is_queued_is_refused_and_its_copy_deleted()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var factory = new HeldImportAppFactory(release.Task);
        var state = UseApp(factory);
        var page = Render<ImportPage>();
        var first = new SampleExportGenerator(new SampleExportSettings { Tickets = 20 }).WriteFile(Path.Combine(factory.DataDirectory, "first.csv"));
        var second = Path.Combine(factory.DataDirectory, "second.csv");
        File.Copy(first, second);

        Assert.True(await state.StartAsync([(new ImportFile(first, "first.csv"), ImportFileKind.JiraExport)], cancellationToken: Xunit.TestContext.Current.CancellationToken));
        var refused = await state.StartAsync([(new ImportFile(second, "second.csv"), ImportFileKind.JiraExport)], cancellationToken: Xunit.TestContext.Current.CancellationToken);

        Assert.False(refused);
        Assert.False(File.Exists(second));
        Assert.True(File.Exists(first), "the first upload's copy waits for its import");

        release.SetResult();
        await state.WhenIdleAsync();
        page.WaitForAssertion(() => Assert.Contains("20 created", page.Find("#import-summary").TextContent), Wait);
        Assert.Equal(["first.csv"], state.Jobs.Single(j => j.Kind == JobKinds.CsvImport).FileNames);
    }

    /// <summary>The real app whose CSV import jobs wait for the test's signal before doing the real work.</summary>
    [Fact]
    public async Task Report_shows_the_counts_by_role_and_links_to_the_agent_directory_when_roles_are_missing()
    {
        await using var factory = new JiraQualityAppFactory();
        var state = UseApp(factory);
        var page = Render<ImportPage>();

        // A Cloud export without Reporter Id: nothing tells who is staff.
        var path = Path.Combine(factory.DataDirectory, "cloud.csv");
        await File.WriteAllTextAsync(path, CsvText.File(
            "Issue key,Summary,Reporter,Created,Comment,Comment",
            $"CL-1,VPN,Xia Lopez,03/Apr/26 9:00 AM,\"03/Apr/26 9:10 AM;{AnyJiraFixtures.Xia};help\",\"03/Apr/26 9:20 AM;{AnyJiraFixtures.Ana};on it\""), Xunit.TestContext.Current.CancellationToken);
        Assert.True(await state.StartAsync([(new ImportFile(path, "cloud.csv"), ImportFileKind.JiraExport)], cancellationToken: Xunit.TestContext.Current.CancellationToken));
        await state.WhenIdleAsync();

        page.WaitForAssertion(() => Assert.Contains("comments 2: agent 0, customer 0, automation 0, unknown 2", page.Find(".import-content-counts").TextContent), Wait);
        var warning = page.Find(".import-unknown-roles");
        Assert.Contains("have no role", warning.TextContent);
        Assert.Contains(AnyJiraFixtures.Ana + " (1)", warning.TextContent);
        Assert.Equal("/settings#agent-directory", page.Find(".import-agent-directory-link").GetAttribute("href"));
        Assert.NotEmpty(page.FindAll(".import-mark-agent"));
    }

    [Fact]
    public async Task An_author_without_a_role_is_marked_agent_in_one_action_and_roles_are_applied_again()
    {
        await using var factory = new JiraQualityAppFactory();
        Services.AddSingleton(factory.Services.GetRequiredService<AgentDirectoryService>());
        var state = UseApp(factory);
        var page = Render<ImportPage>();
        var path = Path.Combine(factory.DataDirectory, "cloud.csv");
        await File.WriteAllTextAsync(path, CsvText.File(
            "Issue key,Summary,Reporter,Created,Comment,Comment",
            $"CL-1,VPN,Xia Lopez,03/Apr/26 9:00 AM,\"03/Apr/26 9:10 AM;{AnyJiraFixtures.Xia};help\",\"03/Apr/26 9:20 AM;{AnyJiraFixtures.Ana};on it\""), Xunit.TestContext.Current.CancellationToken);
        Assert.True(await state.StartAsync([(new ImportFile(path, "cloud.csv"), ImportFileKind.JiraExport)], cancellationToken: Xunit.TestContext.Current.CancellationToken));
        await state.WhenIdleAsync();

        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll(".import-mark-agent").Count), Wait);
        await page.InvokeAsync(() => page.FindAll(".import-unknown-authors li").Single(li => li.TextContent.Contains(AnyJiraFixtures.Ana)).QuerySelector("button")!.Click());

        page.WaitForAssertion(() => Assert.Contains("Marked as agent", page.FindAll(".import-unknown-authors li").Single(li => li.TextContent.Contains(AnyJiraFixtures.Ana)).TextContent), Wait);
        var directory = await factory.Services.GetRequiredService<AgentDirectoryService>().GetAllAsync(Xunit.TestContext.Current.CancellationToken);
        Assert.Contains(directory, e => e.AccountId == AnyJiraFixtures.Ana && e.Tier == "Tier 1");
        var jobs = await factory.Services.GetRequiredService<JobStore>().ListAsync(new JobListFilter(Kind: JobKinds.ReapplyRoles), Xunit.TestContext.Current.CancellationToken);
        Assert.NotEmpty(jobs);
    }

    [Fact]
    public async Task An_author_without_a_role_is_marked_customer_in_one_action_and_roles_are_applied_again_without_asking_under_the_heuristic_scorer()
    {
        await using var factory = new JiraQualityAppFactory();
        UseMarking(factory);
        var state = UseApp(factory);
        var dialogs = Render<MudDialogProvider>();
        var page = Render<ImportPage>();
        await ImportUnknownAuthorsAsync(factory, state);

        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll(".import-mark-customer").Count), Wait);
        // Found and clicked in one step on the renderer: a job event re-rendering the page in between would leave the
        // found button's handler stale.
        await page.InvokeAsync(() => UnknownAuthor(page, AnyJiraFixtures.Ana).QuerySelector(".import-mark-customer")!.Click());

        page.WaitForAssertion(() => Assert.Contains("Marked as customer", UnknownAuthor(page, AnyJiraFixtures.Ana).TextContent), Wait);
        Assert.Empty(dialogs.FindAll(".mud-dialog"));
        Assert.True(UnknownAuthor(page, AnyJiraFixtures.Ana).QuerySelector(".import-mark-agent")!.HasAttribute("disabled"));
        Assert.False(UnknownAuthor(page, AnyJiraFixtures.Xia).QuerySelector(".import-mark-customer")!.HasAttribute("disabled"));
        var customers = await factory.Services.GetRequiredService<KnownCustomerService>().GetAllAsync(Xunit.TestContext.Current.CancellationToken);
        Assert.Equal(AnyJiraFixtures.Ana, Assert.Single(customers).AccountId);
        Assert.Empty(await factory.Services.GetRequiredService<AgentDirectoryService>().GetAllAsync(Xunit.TestContext.Current.CancellationToken));
        Assert.NotEmpty(await ReapplyJobsAsync(factory));

        // The job the mark started rewrites the stored conversation: Ana's reply is now a customer message.
        await WaitForRoleAsync(factory, "CL-1", AnyJiraFixtures.Ana, MessageRole.Customer);
    }

    [Fact]
    public async Task With_an_LLM_scorer_both_marks_ask_with_the_estimated_cost_and_cancel_stores_and_starts_nothing()
    {
        await using var factory = new JiraQualityAppFactory(new Dictionary<string, string?>
        {
            ["Llm:Endpoint"] = "http://127.0.0.1:9/v1/",
            ["Llm:Model"] = "gpt-5-nano",
            ["Llm:Prices:gpt-5-nano:Input"] = "0.05",
            ["Llm:Prices:gpt-5-nano:Output"] = "0.4",
        });
        UseMarking(factory);
        Services.AddSingleton(factory.Services.GetRequiredService<ScorerFactory>());
        Services.AddSingleton(factory.Services.GetRequiredService<ProcessingCostEstimator>());
        var state = UseApp(factory);
        var dialogs = Render<MudDialogProvider>();
        var page = Render<ImportPage>();
        await ImportUnknownAuthorsAsync(factory, state);
        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll(".import-mark-customer").Count), Wait);
        var jobsBefore = (await ReapplyJobsAsync(factory)).Count;

        var customerText = await SpendDialog.AnswerAsync(dialogs, ClickAsync(page, AnyJiraFixtures.Ana, ".import-mark-customer"), confirm: false);
        Assert.Contains("as a customer?", customerText);
        Assert.Contains("scored by gpt-5-nano", customerText);
        var agentText = await SpendDialog.AnswerAsync(dialogs, ClickAsync(page, AnyJiraFixtures.Xia, ".import-mark-agent"), confirm: false);
        Assert.Contains("as an agent?", agentText);
        Assert.Contains("scored by gpt-5-nano", agentText);
        Assert.Empty(await factory.Services.GetRequiredService<KnownCustomerService>().GetAllAsync(Xunit.TestContext.Current.CancellationToken));
        Assert.Empty(await factory.Services.GetRequiredService<AgentDirectoryService>().GetAllAsync(Xunit.TestContext.Current.CancellationToken));
        Assert.Equal(jobsBefore, (await ReapplyJobsAsync(factory)).Count);
        Assert.Contains("Mark as customer", UnknownAuthor(page, AnyJiraFixtures.Ana).TextContent);

        await SpendDialog.AnswerAsync(dialogs, ClickAsync(page, AnyJiraFixtures.Ana, ".import-mark-customer"), confirm: true);
        page.WaitForAssertion(() => Assert.Contains("Marked as customer", UnknownAuthor(page, AnyJiraFixtures.Ana).TextContent), Wait);
        Assert.Single(await factory.Services.GetRequiredService<KnownCustomerService>().GetAllAsync(Xunit.TestContext.Current.CancellationToken));
        await SpendDialog.AnswerAsync(dialogs, ClickAsync(page, AnyJiraFixtures.Xia, ".import-mark-agent"), confirm: true);
        page.WaitForAssertion(() => Assert.Contains("Marked as agent", UnknownAuthor(page, AnyJiraFixtures.Xia).TextContent), Wait);
        Assert.Single(await factory.Services.GetRequiredService<AgentDirectoryService>().GetAllAsync(Xunit.TestContext.Current.CancellationToken));
        Assert.True((await ReapplyJobsAsync(factory)).Count > jobsBefore);
    }

    private void UseMarking(JiraQualityAppFactory factory)
    {
        Services.AddSingleton(factory.Services.GetRequiredService<AgentDirectoryService>());
        Services.AddSingleton(factory.Services.GetRequiredService<KnownCustomerService>());
    }

    /// <summary>A Cloud export without Reporter Id: neither commenter can be placed, so both are listed without a role.</summary>
    private static async Task ImportUnknownAuthorsAsync(JiraQualityAppFactory factory, ImportPageState state)
    {
        var path = Path.Combine(factory.DataDirectory, "cloud.csv");
        await File.WriteAllTextAsync(path, CsvText.File(
            "Issue key,Summary,Reporter,Created,Comment,Comment",
            $"CL-1,VPN,Xia Lopez,03/Apr/26 9:00 AM,\"03/Apr/26 9:10 AM;{AnyJiraFixtures.Xia};help\",\"03/Apr/26 9:20 AM;{AnyJiraFixtures.Ana};same here\""), Xunit.TestContext.Current.CancellationToken);
        Assert.True(await state.StartAsync([(new ImportFile(path, "cloud.csv"), ImportFileKind.JiraExport)], cancellationToken: Xunit.TestContext.Current.CancellationToken));
        await state.WhenIdleAsync();
    }

    private static AngleSharp.Dom.IElement UnknownAuthor(IRenderedComponent<ImportPage> page, string author) =>
        page.FindAll(".import-unknown-authors li").Single(li => li.TextContent.Contains(author));

    /// <summary>
    /// Finds the author's button and clicks it in one renderer step (a job event re-rendering the page in between would
    /// leave a button found earlier with a stale handler); completes when the click's handler does.
    /// </summary>
    private static async Task ClickAsync(IRenderedComponent<ImportPage> page, string author, string button)
    {
        Task? handled = null;
        await page.InvokeAsync(() => handled = UnknownAuthor(page, author).QuerySelector(button)!.ClickAsync(new Microsoft.AspNetCore.Components.Web.MouseEventArgs()));
        await handled!;
    }

    private static Task<IReadOnlyList<JobSnapshot>> ReapplyJobsAsync(JiraQualityAppFactory factory) =>
        factory.Services.GetRequiredService<JobStore>().ListAsync(new JobListFilter(Kind: JobKinds.ReapplyRoles), Xunit.TestContext.Current.CancellationToken);

    private static async Task WaitForRoleAsync(JiraQualityAppFactory factory, string key, string author, MessageRole role)
    {
        var contexts = factory.Services.GetRequiredService<IDbContextFactory<JiraQualityDbContext>>();
        var deadline = DateTime.UtcNow + Wait;
        MessageRole? found = null;
        while (DateTime.UtcNow < deadline)
        {
            await using var db = await contexts.CreateDbContextAsync(Xunit.TestContext.Current.CancellationToken);
            var thread = await db.PreparedConversations.AsNoTracking().Where(p => p.IssueKey == key).Select(p => p.ThreadJson).SingleAsync(Xunit.TestContext.Current.CancellationToken);
            found = ConversationJson.DeserializeMessages(thread).Single(m => m.AuthorId == author).Role;
            if (found == role)
            {
                return;
            }

            await Task.Delay(200, Xunit.TestContext.Current.CancellationToken);
        }

        Assert.Equal(role, found);
    }

    private sealed class HeldImportAppFactory(Task release) : JiraQualityAppFactory
    {
        protected override void ConfigureWebHost(Microsoft.AspNetCore.Hosting.IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureServices(services => services.AddKeyedScoped<IJobHandler>(
                JobKinds.CsvImport,
                (provider, _) => new HeldJobHandler(ActivatorUtilities.CreateInstance<CsvImportJobHandler>(provider), release)));
        }
    }

    private sealed class HeldJobHandler(IJobHandler inner, Task release) : IJobHandler
    {
        public string Kind => inner.Kind;

        public async Task<JobResult> RunAsync(JobRequest request, IJobProgress progress, CancellationToken cancellationToken)
        {
            await release.WaitAsync(cancellationToken);
            return await inner.RunAsync(request, progress, cancellationToken);
        }
    }

    /// <summary>The page's user as the settings audit sees it: nobody signed in, as in these tests' render.</summary>
}
