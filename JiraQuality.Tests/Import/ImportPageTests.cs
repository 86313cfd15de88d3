using Bunit;
using JiraQuality.Core.Ingestion;
using JiraQuality.Core.Ingestion.Sample;
using JiraQuality.Core.Jobs;
using JiraQuality.Tests.Infrastructure;
using JiraQuality.Tests.Ingestion;
using JiraQuality.Web.Features.Import;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;

namespace JiraQuality.Tests.Import;

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
        Services.AddSingleton(app.GetRequiredService<IJobQueue>());
        Services.AddSingleton(app.GetRequiredService<IJobEvents>());
        Services.AddSingleton(app.GetRequiredService<JobStore>());
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
        Assert.Empty(page.FindAll(".import-mark-agent"));
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
        var ana = page.FindAll(".import-unknown-authors li").Single(li => li.TextContent.Contains(AnyJiraFixtures.Ana));
        ana.QuerySelector("button")!.Click();

        page.WaitForAssertion(() => Assert.Contains("Marked as agent", page.FindAll(".import-unknown-authors li").Single(li => li.TextContent.Contains(AnyJiraFixtures.Ana)).TextContent), Wait);
        var directory = await factory.Services.GetRequiredService<AgentDirectoryService>().GetAllAsync(Xunit.TestContext.Current.CancellationToken);
        Assert.Contains(directory, e => e.AccountId == AnyJiraFixtures.Ana && e.Tier == "Tier 1");
        var jobs = await factory.Services.GetRequiredService<JobStore>().ListAsync(new JobListFilter(Kind: JobKinds.ReapplyRoles), Xunit.TestContext.Current.CancellationToken);
        Assert.NotEmpty(jobs);
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
}
