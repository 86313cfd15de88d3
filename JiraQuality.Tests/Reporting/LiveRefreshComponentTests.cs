using Bunit;
using JiraQuality.Core.Jobs;
using JiraQuality.Core.Reporting;
using JiraQuality.Core.Reporting.ConversationQueries;
using JiraQuality.Core.Reporting.Dashboard;
using JiraQuality.Core.Storage;
using JiraQuality.Tests.Infrastructure;
using JiraQuality.Tests.Jobs;
using JiraQuality.Web.Features.Conversations;
using JiraQuality.Web.Features.Dashboard;
using JiraQuality.Web.Features.Jobs;
using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using MudBlazor.Services;
using static JiraQuality.Tests.Reporting.ConversationRows;

namespace JiraQuality.Tests.Reporting;

/// <summary>The dashboard and the conversations list re-read their figures when data jobs succeed, with bUnit over SQLite.</summary>
public sealed class LiveRefreshComponentTests : BunitContext, IAsyncLifetime
{
    private static CancellationToken Ct => Xunit.TestContext.Current.CancellationToken;

    // The stream throttles on real time; the metrics read the fixed test clock.
    private readonly JobEventStream _stream = new(TimeProvider.System);

    // The page-wide change feed's view of the stream: a batch is recorded once the feed has handled it.
    private readonly HandledJobEvents _handled;
    private TestDatabase? _database;

    public LiveRefreshComponentTests()
    {
        _handled = new HandledJobEvents(_stream);
        Services.AddSingleton(_ => ConversationRows.CreateMetrics(_database!));
        Services.AddSingleton(sp => new ConversationQuery(_database!.Factory, sp.GetRequiredService<MetricsQuery>()));
        Services.AddSingleton(Options.Create(new MetricsOptions()));
        Services.AddSingleton<TimeProvider>(new FakeTimeProvider(new DateTimeOffset(Now)));
        Services.AddSingleton<IConfiguration>(new ConfigurationBuilder().Build());
        Services.AddSingleton<IJobEvents>(_stream);
        Services.AddSingleton(_ => new StoredDataChanges(_handled, NullLogger<StoredDataChanges>.Instance, TimeSpan.FromMilliseconds(200)));
        Services.AddSingleton(sp => new MetricsCacheInvalidation(sp.GetRequiredService<MetricsQuery>(), _stream));
        Services.AddSingleton(sp => new JiraQuality.Core.Identity.AuditLog(_database!.Factory, sp.GetRequiredService<TimeProvider>()));
        Services.AddSingleton(_ => new JiraQuality.Core.Identity.HubScopes(_database!.Factory));
        Services.AddSingleton(_ => new JiraQuality.Core.Review.AgreementQuery(_database!.Factory));
        Services.AddSingleton<JiraQuality.Core.Review.AgreementKpiQuery>();
        Services.AddSingleton(sp => new JiraQuality.Core.Reporting.Dashboard.ServiceDeskOutcomeQuery(_database!.Factory, sp.GetRequiredService<MetricsQuery>()));
        Services.AddSingleton<JiraQuality.Core.Identity.ConversationAccess>();
        Services.AddPageServices(() => _database!.Factory);
        Services.AddMudServices();
        // Pages narrow their queries to the user's hubs; a user without a scope sees every hub.
        AddAuthorization().SetAuthorized("analyst@example.net").SetRoles(JiraQuality.Core.Identity.Roles.Analyst);
        JSInterop.Mode = JSRuntimeMode.Loose;
        SetRendererInfo(new RendererInfo("Server", isInteractive: true));
    }

    ValueTask IAsyncLifetime.InitializeAsync() => ValueTask.CompletedTask;

    async ValueTask IAsyncDisposable.DisposeAsync()
    {
        await DisposeAsync();
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }

    [Fact]
    public async Task Dashboard_rereads_its_figures_and_filter_choices_when_processing_succeeds()
    {
        _database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await SeedAsync(_database, Row("OLD-1", Now.AddHours(-1)));
        var metrics = Services.GetRequiredService<MetricsQuery>();
        Services.GetRequiredService<StoredDataChanges>();
        Services.GetRequiredService<MetricsCacheInvalidation>();

        var cut = Render<DashboardPage>();
        var volume = "#kpi-volume [data-testid=kpi-value]";
        cut.WaitForAssertion(() => Assert.Equal("1", cut.Find(volume).TextContent), TimeSpan.FromSeconds(10));
        Assert.DoesNotContain("Hub New", (await metrics.GetFilterOptionsAsync(null, Ct)).Hubs);

        await SeedAsync(_database, Row("NEW-1", Now.AddHours(-2), r => r.Hub = "Hub New"), Row("NEW-2", Now.AddHours(-3)));
        // A failed job and a job of a kind that writes nothing leave the page alone: once the change feed has handled
        // both, it has told no page anything.
        var changes = new System.Collections.Concurrent.ConcurrentQueue<StoredDataChange>();
        using var recorder = Services.GetRequiredService<StoredDataChanges>().Subscribe(change =>
        {
            changes.Enqueue(change);
            return Task.CompletedTask;
        });
        var failed = Finished(JobKinds.Processing, JobStates.Failed);
        var other = Finished("test-other", JobStates.Succeeded);
        _stream.PublishFinished(failed);
        _stream.PublishFinished(other);
        await HandledAsync(failed.Id, other.Id);
        Assert.Empty(changes);
        Assert.Equal("1", cut.Find(volume).TextContent);

        _stream.PublishFinished(Finished(JobKinds.Processing, JobStates.Succeeded));

        cut.WaitForAssertion(() => Assert.Equal("3", cut.Find(volume).TextContent), TimeSpan.FromSeconds(10));
        // Same hour on the fixed clock, so only the drop on job completion can bring the new hub in.
        Assert.Contains("Hub New", (await metrics.GetFilterOptionsAsync(null, Ct)).Hubs);
    }

    [Fact]
    public async Task Conversations_list_reloads_its_page_when_an_import_succeeds()
    {
        _database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await SeedAsync(_database, Row("LST-1", Now.AddHours(-1)));
        Services.GetRequiredService<StoredDataChanges>();

        var cut = Render<ConversationsPage>();
        cut.WaitForAssertion(() => Assert.Equal("1 conversation(s)", cut.Find("#conversations-total").TextContent), TimeSpan.FromSeconds(10));

        await SeedAsync(_database, Row("LST-2", Now.AddHours(-2)), Row("LST-3", Now.AddHours(-3)));
        _stream.PublishFinished(Finished(JobKinds.ScoredCsvImport, JobStates.Succeeded));

        cut.WaitForAssertion(() =>
        {
            Assert.Equal("3 conversation(s)", cut.Find("#conversations-total").TextContent);
            Assert.Equal(3, cut.FindAll("a.jq-issue-link").Count);
        }, TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task An_open_drill_down_shows_new_scores_after_a_rescore_but_ignores_an_import()
    {
        _database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await SeedAsync(_database, Row("DRL-1", Now.AddHours(-1), r => Scores(r, 2, 3)));
        Services.GetRequiredService<StoredDataChanges>();

        var cut = Render<ConversationDetailPage>(p => p.Add(c => c.IssueKey, "DRL-1"));
        cut.WaitForAssertion(() => Assert.Contains("2 / 5", cut.Find("#score-agent").TextContent), TimeSpan.FromSeconds(10));

        await using (var db = _database.Factory.CreateDbContext())
        {
            await db.ProcessedConversations.Where(r => r.IssueKey == "DRL-1").ExecuteUpdateAsync(u => u.SetProperty(r => r.AgentScore, 4.5), Ct);
        }

        // An import writes prepared conversations, not scores: the drill-down does not listen for it.
        var import = Finished(JobKinds.CsvImport, JobStates.Succeeded);
        _stream.PublishFinished(import);
        await HandledAsync(import.Id);
        Assert.Contains("2 / 5", cut.Find("#score-agent").TextContent);

        _stream.PublishFinished(Finished(JobKinds.Rescore, JobStates.Succeeded));
        cut.WaitForAssertion(() => Assert.Contains("4.5 / 5", cut.Find("#score-agent").TextContent), TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task A_burst_of_finishing_jobs_reaches_a_page_as_few_coalesced_changes()
    {
        using var changes = new StoredDataChanges(_stream, NullLogger<StoredDataChanges>.Instance, TimeSpan.FromSeconds(1));
        var received = new System.Collections.Concurrent.ConcurrentQueue<StoredDataChange>();
        using var subscription = changes.Subscribe(change =>
        {
            received.Enqueue(change);
            return Task.CompletedTask;
        });

        string[] kinds = [JobKinds.CsvImport, JobKinds.Processing, JobKinds.ScoredCsvImport, JobKinds.Rescore, JobKinds.JiraSync, JobKinds.Refresh, JobKinds.Processing, JobKinds.Rescore];
        foreach (var kind in kinds)
        {
            _stream.PublishFinished(Finished(kind, JobStates.Succeeded));
        }

        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (received.Sum(c => c.Jobs.Count) < kinds.Length && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50, Ct);
        }

        Assert.Equal(kinds.Length, received.Sum(c => c.Jobs.Count));
        Assert.InRange(received.Count, 1, 2);
    }

    /// <summary>
    /// Waits until the change feed has handled the end of these jobs (so each listening page has taken or dropped it at
    /// once), then lets the renderer finish anything a page queued on its dispatcher.
    /// </summary>
    private async Task HandledAsync(params Guid[] jobs)
    {
        foreach (var id in jobs)
        {
            await _handled.UntilHandledAsync(batch => batch.Finished.Any(j => j.Id == id), "the change feed to handle a job's end");
        }

        await Renderer.Dispatcher.InvokeAsync(() => { });
    }

    private static JobSnapshot Finished(string kind, string state) =>
        new(Guid.NewGuid(), kind, state, JobRequesters.Page, 1, 1, null, Now, Now, Now, null, null);
}
