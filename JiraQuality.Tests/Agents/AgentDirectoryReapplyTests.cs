using Bunit;
using JiraQuality.Core.Agents.Directory;
using JiraQuality.Core.Ingestion.Prepared;
using JiraQuality.Core.Ingestion.Roles;
using JiraQuality.Core.Jobs;
using JiraQuality.Core.Scoring.Processing;
using JiraQuality.Core.Storage;
using JiraQuality.Tests.Infrastructure;
using JiraQuality.Tests.Ingestion;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using JiraQuality.Tests.Scoring;
using JiraQuality.Tests.Settings;
using JiraQuality.Web.Features.Agents;

namespace JiraQuality.Tests.Agents;

/// <summary>The Agents section applies a saved directory to stored conversations through the reapply-roles job.</summary>
public sealed class AgentDirectoryReapplyTests : MudTestContext
{

    private static CancellationToken Token => Xunit.TestContext.Current.CancellationToken;

    private IRenderedComponent<AgentDirectorySection> RenderSection(IServiceProvider services)
    {
        Services.AddFallbackServiceProvider(services);
        Render<MudPopoverProvider>();
        var section = Render<AgentDirectorySection>();
        section.WaitForAssertion(() => Assert.Empty(section.FindAll("#agent-directory-loading")));
        return section;
    }

    private static async Task AddAgentAsync(IRenderedComponent<AgentDirectorySection> section, string accountId, string name, string tier)
    {
        section.Find("#agent-account-id").Input(accountId);
        section.Find("#agent-display-name").Input(name);
        var select = section.FindComponent<MudSelect<string>>();
        await section.InvokeAsync(() => select.Instance.ValueChanged.InvokeAsync(tier));
        await section.Find("form").SubmitAsync();
    }

    private static AgentDirectoryEntry Agent(string id, string name, string tier) => new() { AccountId = id, DisplayName = name, Tier = tier };

    [Fact]
    public async Task Each_saved_change_queues_the_job_for_the_directory_as_saved_and_links_to_it()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        var queue = new JiraQuality.Tests.Jira.RecordingJobQueue();
        using var host = new SettingsSectionsHost(db, queue: queue);
        await host.Directory_.ReplaceAllAsync([Agent("712020:a", "Ana Silva", "Tier 1")], Token);
        var section = RenderSection(host.Services);
        Assert.Empty(section.FindAll("#agent-reapply-link"));

        await AddAgentAsync(section, "partner:helper-7", "Helper Seven", "Tier 2");

        section.WaitForAssertion(() => Assert.Single(queue.Requests));
        var request = queue.Requests[0];
        Assert.Equal((JobKinds.ReapplyRoles, JobRequesters.Page), (request.Kind, request.RequestedBy));
        Assert.Equal(JobKinds.Processing, request.Get(JobRunner.ThenParameter));
        Assert.Equal((await host.Directory_.GetSnapshotAsync(Token)).Fingerprint, request.Get(RoleReapplyJobHandler.DirectoryParameter));
        section.WaitForAssertion(() => Assert.StartsWith("/jobs/", section.Find("#agent-reapply-link").GetAttribute("href")));
        Assert.Contains("Applying the directory to stored conversations", section.Find("#agent-reapply-running").TextContent);

        // A refused file changes nothing, so there is nothing to apply.
        section.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromText("account_id,display_name,tier\n712020:b,Bruno,Tier 9\n", "bad.csv"));
        section.WaitForAssertion(() => Assert.NotEmpty(section.FindAll("#agent-directory-save-error")));
        Assert.Single(queue.Requests);

        section.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromText("account_id,display_name,tier\n712020:b,Bruno,Tier 2\n", "agents.csv"));
        section.WaitForAssertion(() => Assert.Equal(2, queue.Requests.Count));
        Assert.NotEqual(request.Get(RoleReapplyJobHandler.DirectoryParameter), queue.Requests[1].Get(RoleReapplyJobHandler.DirectoryParameter));
        Assert.Equal((await host.Directory_.GetSnapshotAsync(Token)).Fingerprint, queue.Requests[1].Get(RoleReapplyJobHandler.DirectoryParameter));

        var dialogs = Render<MudDialogProvider>();
        await SpendDialog.AnswerAsync(dialogs, section.Find("#agent-reapply-button").ClickAsync(new Microsoft.AspNetCore.Components.Web.MouseEventArgs()), confirm: true);
        section.WaitForAssertion(() => Assert.Equal(3, queue.Requests.Count));
        Assert.Equal(JobKinds.ReapplyRoles, queue.Requests[2].Kind);
    }

    [Fact]
    public async Task Coming_back_while_a_job_is_active_shows_that_job()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        using var host = new SettingsSectionsHost(db);
        await host.Directory_.ReplaceAllAsync([Agent("712020:a", "Ana Silva", "Tier 1")], Token);
        var jobs = host.Services.GetRequiredService<JobStore>();
        var earlier = await jobs.CreateAsync(RoleReapplyJobHandler.CreateRequest(JobRequesters.Page, "one"), Guid.NewGuid(), DockTickets.Nine, Token);
        await jobs.TryEndAsync(earlier.Id, JobStates.Queued, JobStates.Cancelled, DockTickets.Nine, null, Token);
        var active = await jobs.CreateAsync(RoleReapplyJobHandler.CreateRequest(JobRequesters.Page, "two"), Guid.NewGuid(), DockTickets.Nine.AddMinutes(1), Token);

        var section = RenderSection(host.Services);

        Assert.Equal($"/jobs/{active.Id}", section.Find("#agent-reapply-link").GetAttribute("href"));
        section.WaitForAssertion(() => Assert.Equal(JobStates.Queued, section.Find($"#job-progress-{active.Id}").GetAttribute("data-state")));
        Assert.Contains("Applying the directory to stored conversations", section.Find("#agent-reapply-running").TextContent);
    }

    [Fact]
    public async Task A_job_that_cannot_be_queued_is_reported_and_the_saved_directory_stays()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        using var host = new SettingsSectionsHost(db, queue: new RefusingJobQueue());
        await host.Directory_.ReplaceAllAsync([Agent("712020:a", "Ana Silva", "Tier 1")], Token);
        var section = RenderSection(host.Services);

        await AddAgentAsync(section, "712020:b", "Bruno Costa", "Tier 2");

        section.WaitForAssertion(() => Assert.Contains("could not be started", section.Find("#agent-reapply-error").TextContent));
        Assert.Contains("The reapply-roles queue is full", section.Find("#agent-reapply-error").TextContent);
        Assert.Contains("Added Bruno Costa (Tier 2)", section.Find("#agent-directory-status").TextContent);
        Assert.Equal(2, (await host.Directory_.GetAllAsync(Token)).Count);
    }

    [Fact]
    public async Task In_the_app_the_job_runs_scoring_follows_and_the_page_says_how_many_conversations_changed()
    {
        await using var app = new JiraQualityAppFactory(new Dictionary<string, string?> { ["Scoring:Scorer"] = "heuristic" });
        var services = app.Services;
        await services.GetRequiredService<AgentDirectoryService>().ReplaceAllAsync([Agent("712020:ana", "Ana Silva", "Tier 1")], Token);
        await services.GetRequiredService<ITicketIngestor>().IngestAsync(
            [
                DockTickets.Ticket("CC-1", ("qm:rider-1", 0, "My bike is stuck in the dock"), ("partner:helper-7", 4, "Releasing it remotely"), ("712020:ana", 40, "Released")),
                DockTickets.Ticket("CC-2", ("qm:rider-2", 0, "Card charged twice"), ("712020:ana", 10, "Refunded")),
            ],
            Token);
        await services.GetRequiredService<ProcessingService>().RunAsync(new ProcessingRequest(), NullJobProgress.Instance, Token);
        Assert.Equal(40, (await ProcessedAsync(services, "CC-1")).FirstAgentResponseMinutes);
        var section = RenderSection(services);

        await AddAgentAsync(section, "partner:helper-7", "Helper Seven", "Tier 2");

        section.WaitForAssertion(
            () => Assert.Contains("Their figures and scores are up to date.", section.Find("#agent-reapply-result").TextContent),
            TimeSpan.FromSeconds(90));
        var result = section.Find("#agent-reapply-result").TextContent;
        Assert.Contains("to 2 stored conversations: 1 changed (roles, tiers or agent names)", result);
        Assert.Contains("1 unchanged", result);
        var href = section.Find("#agent-reapply-link").GetAttribute("href")!;
        var job = await services.GetRequiredService<JobStore>().FindAsync(Guid.Parse(href["/jobs/".Length..]), Token);
        Assert.Equal((JobKinds.ReapplyRoles, JobStates.Succeeded), (job!.Kind, job.State));

        var rescored = await ProcessedAsync(services, "CC-1");
        Assert.Equal(4, rescored.FirstAgentResponseMinutes);
        Assert.Equal("partner:helper-7", rescored.FirstResponder);
    }

    private static async Task<ProcessedConversation> ProcessedAsync(IServiceProvider services, string key)
    {
        await using var db = await services.GetRequiredService<IDbContextFactory<JiraQualityDbContext>>().CreateDbContextAsync(Token);
        return await db.ProcessedConversations.AsNoTracking().SingleAsync(p => p.IssueKey == key, Token);
    }

    private sealed class RefusingJobQueue : IJobQueue
    {
        public Task<JobSnapshot> EnqueueAsync(JobRequest request, CancellationToken cancellationToken = default) =>
            throw new JobQueueFullException($"The {request.Kind} queue is full.");

        public Task<JobSnapshot?> GetAsync(Guid id, CancellationToken cancellationToken = default) => Task.FromResult<JobSnapshot?>(null);

        public Task<bool> CancelAsync(Guid id, CancellationToken cancellationToken = default) => Task.FromResult(false);
    }
}
