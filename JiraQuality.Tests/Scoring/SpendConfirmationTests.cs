using Bunit;
using JiraQuality.Core.Agents.Directory;
using JiraQuality.Core.Jobs;
using JiraQuality.Core.Scoring.Processing;
using JiraQuality.Core.Scoring.Scorers;
using JiraQuality.Core.Storage;
using JiraQuality.Tests.Infrastructure;
using Microsoft.AspNetCore.Components.Web;
using MudBlazor;
using JiraQuality.Tests.Settings;
using JiraQuality.Web.Features.Agents;
using JiraQuality.Web.Features.Scoring;

namespace JiraQuality.Tests.Scoring;

/// <summary>
/// The Settings page's buttons that start LLM-spending work ask first, naming the estimated cost, and start nothing
/// when the user cancels.
/// </summary>
public sealed class SpendConfirmationTests : MudTestContext
{
    private static CancellationToken Ct => Xunit.TestContext.Current.CancellationToken;

    private static LlmOptions PricedLlm() => new()
    {
        Endpoint = "http://127.0.0.1:9/v1/",
        Model = "gpt-5-nano",
        Prices = new(StringComparer.OrdinalIgnoreCase) { ["gpt-5-nano"] = new ModelPrice { Input = 0.05, Output = 0.4 } },
    };

    private static async Task StorePendingAsync(TestDatabase db, params (string Key, int Tokens)[] conversations)
    {
        await using var context = db.Factory.CreateDbContext();
        foreach (var (key, tokens) in conversations)
        {
            var row = ScoringTestSupport.Prepared(ConversationBuilder.WorkedExample());
            row.IssueKey = key;
            row.TokenCount = tokens;
            context.PreparedConversations.Add(row);
        }

        await context.SaveChangesAsync(Ct);
    }

    [Fact]
    public async Task Process_now_names_the_estimated_cost_and_cancel_starts_nothing()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await StorePendingAsync(db, ("SD-1", 400), ("SD-2", 600));
        var queue = new JiraQuality.Tests.Jira.RecordingJobQueue();
        using var host = new SettingsSectionsHost(db, llm: PricedLlm(), queue: queue);
        Services.AddFallbackServiceProvider(host.Services);
        var dialogs = Render<MudDialogProvider>();
        var section = Render<TaxonomySection>();

        // Two pending threads of 500 tokens on average, plus the prompt: (2,000 × 0.05 + 1,000 × 0.4) / 1M = $0.0005 each.
        var text = await SpendDialog.AnswerAsync(dialogs, section.Find("#taxonomy-process-now").ClickAsync(new MouseEventArgs()), confirm: false);
        Assert.Contains("Estimated cost: $0.001000 for 2 conversation(s) scored by gpt-5-nano", text);
        Assert.Empty(queue.Requests);
        Assert.Empty(section.FindAll("#taxonomy-job"));

        await SpendDialog.AnswerAsync(dialogs, section.Find("#taxonomy-process-now").ClickAsync(new MouseEventArgs()), confirm: true);
        section.WaitForAssertion(() => Assert.Single(queue.Requests));
        Assert.Equal(JobKinds.Processing, queue.Requests[0].Kind);
    }

    [Fact]
    public async Task The_estimate_uses_the_tokens_of_earlier_conversations_scored_by_the_model()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Postgres);
        await StorePendingAsync(db, ("SD-1", 400), ("SD-2", 600), ("SD-3", 800));
        await using (var context = db.Factory.CreateDbContext())
        {
            context.ProcessedConversations.Add(new ProcessedConversation { IssueKey = "OLD-1", ScorerKind = ScorerKinds.Llm, ScorerVersion = "v", Model = "gpt-5-nano", InputTokens = 10_000, OutputTokens = 2_500 });
            await context.SaveChangesAsync(Ct);
        }

        using var host = new SettingsSectionsHost(db, llm: PricedLlm());
        var estimate = await ((ProcessingCostEstimator)host.Services.GetService(typeof(ProcessingCostEstimator))!).EstimatePendingAsync(Ct);

        // (10,000 × 0.05 + 2,500 × 0.4) / 1M = $0.0015 per conversation, three pending.
        Assert.Equal(3, estimate.Conversations);
        Assert.Equal(0.0045, estimate.TotalUsd!.Value, 9);
        Assert.Contains("average tokens of 1 earlier conversation", estimate.Describe());
    }

    [Fact]
    public async Task Re_apply_with_the_heuristic_scorer_says_there_is_no_cost_and_cancel_starts_nothing()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await StorePendingAsync(db, ("SD-1", 400));
        var queue = new JiraQuality.Tests.Jira.RecordingJobQueue();
        using var host = new SettingsSectionsHost(db, queue: queue);
        Services.AddFallbackServiceProvider(host.Services);
        Render<MudPopoverProvider>();
        var dialogs = Render<MudDialogProvider>();
        var section = Render<AgentDirectorySection>();
        section.WaitForAssertion(() => Assert.Empty(section.FindAll("#agent-directory-loading")));

        var text = await SpendDialog.AnswerAsync(dialogs, section.Find("#agent-reapply-button").ClickAsync(new MouseEventArgs()), confirm: false);
        Assert.Contains("No cost: heuristic scorer", text);
        Assert.Empty(queue.Requests);

        await SpendDialog.AnswerAsync(dialogs, section.Find("#agent-reapply-button").ClickAsync(new MouseEventArgs()), confirm: true);
        section.WaitForAssertion(() => Assert.Single(queue.Requests));
        Assert.Equal(JobKinds.ReapplyRoles, queue.Requests[0].Kind);
    }

    [Fact]
    public async Task Re_apply_with_an_llm_names_the_most_it_can_cost_for_every_stored_conversation()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await StorePendingAsync(db, ("SD-1", 500), ("SD-2", 500), ("SD-3", 500), ("SD-4", 500));
        var queue = new JiraQuality.Tests.Jira.RecordingJobQueue();
        using var host = new SettingsSectionsHost(db, llm: PricedLlm(), queue: queue);
        Services.AddFallbackServiceProvider(host.Services);
        Render<MudPopoverProvider>();
        var dialogs = Render<MudDialogProvider>();
        var section = Render<AgentDirectorySection>();
        section.WaitForAssertion(() => Assert.Empty(section.FindAll("#agent-directory-loading")));

        var text = await SpendDialog.AnswerAsync(dialogs, section.Find("#agent-reapply-button").ClickAsync(new MouseEventArgs()), confirm: false);
        Assert.Contains("Estimated cost: $0.002000 for 4 conversation(s)", text);
        Assert.Contains("the most it can cost", text);
        Assert.Empty(queue.Requests);
    }

    private static async Task SeedDirectoryAsync(SettingsSectionsHost host, params (string Id, string Name, string Tier)[] agents) =>
        await host.Directory_.ReplaceAllAsync([.. agents.Select(a => new AgentDirectoryEntry { AccountId = a.Id, DisplayName = a.Name, Tier = a.Tier })], Ct);

    private static async Task<Dictionary<string, string>> StoredTiersAsync(SettingsSectionsHost host) =>
        (await host.Directory_.GetAllAsync(Ct)).ToDictionary(e => e.AccountId, e => e.Tier);

    private (IRenderedComponent<MudDialogProvider> Dialogs, IRenderedComponent<AgentDirectorySection> Section) RenderDirectory(SettingsSectionsHost host)
    {
        Services.AddFallbackServiceProvider(host.Services);
        Render<MudPopoverProvider>();
        var dialogs = Render<MudDialogProvider>();
        var section = Render<AgentDirectorySection>();
        section.WaitForAssertion(() => Assert.Empty(section.FindAll("#agent-directory-loading")));
        return (dialogs, section);
    }

    private static Task SetTierAsync(IRenderedComponent<AgentDirectorySection> section, string tier) =>
        section.InvokeAsync(() => section.FindComponent<MudSelect<string>>().Instance.ValueChanged.InvokeAsync(tier));

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Adding_an_agent_with_an_llm_names_the_most_it_can_cost_and_cancel_stores_nothing(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await StorePendingAsync(db, ("SD-1", 500), ("SD-2", 500), ("SD-3", 500), ("SD-4", 500));
        var queue = new JiraQuality.Tests.Jira.RecordingJobQueue();
        using var host = new SettingsSectionsHost(db, llm: PricedLlm(), queue: queue);
        await SeedDirectoryAsync(host, ("712020:a", "Ana Silva", "Tier 1"));
        var (dialogs, section) = RenderDirectory(host);

        section.Find("#agent-account-id").Input("557058:new-agent");
        await SetTierAsync(section, "Tier 2");
        var text = await SpendDialog.AnswerAsync(dialogs, section.Find("form").SubmitAsync(), confirm: false);

        // Four stored threads of 500 tokens, plus the prompt: (2,000 × 0.05 + 1,000 × 0.4) / 1M = $0.0005 each.
        Assert.Contains("Estimated cost: $0.002000 for 4 conversation(s) scored by gpt-5-nano", text);
        Assert.Contains("the most it can cost", text);
        Assert.Equal(["712020:a"], (await StoredTiersAsync(host)).Keys);
        Assert.Empty(queue.Requests);
        Assert.Contains("Not saved", section.Find("#agent-directory-not-saved").TextContent);
        // The typed entry is kept for a second try.
        Assert.Equal("557058:new-agent", section.Find("#agent-account-id").GetAttribute("value"));

        await SpendDialog.AnswerAsync(dialogs, section.Find("form").SubmitAsync(), confirm: true);

        section.WaitForAssertion(() => Assert.Single(queue.Requests));
        Assert.Equal(JobKinds.ReapplyRoles, queue.Requests[0].Kind);
        Assert.Equal("Tier 2", (await StoredTiersAsync(host))["557058:new-agent"]);
        Assert.Contains("Added", section.Find("#agent-directory-status").TextContent);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Editing_removing_and_uploading_with_an_llm_ask_first_and_cancel_changes_nothing(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await StorePendingAsync(db, ("SD-1", 500), ("SD-2", 500));
        var queue = new JiraQuality.Tests.Jira.RecordingJobQueue();
        using var host = new SettingsSectionsHost(db, llm: PricedLlm(), queue: queue);
        await SeedDirectoryAsync(host, ("712020:a", "Ana Silva", "Tier 1"), ("712020:b", "Bruno Costa", "Tier 1"));
        var (dialogs, section) = RenderDirectory(host);
        var before = await StoredTiersAsync(host);

        await section.Find("button[aria-label='Edit Ana Silva']").ClickAsync(new MouseEventArgs());
        await SetTierAsync(section, "Tier 2");
        var text = await SpendDialog.AnswerAsync(dialogs, section.Find("form").SubmitAsync(), confirm: false);
        Assert.Contains("Estimated cost: $0.001000 for 2 conversation(s)", text);

        text = await SpendDialog.AnswerAsync(dialogs, section.Find("button[aria-label='Remove Bruno Costa']").ClickAsync(new MouseEventArgs()), confirm: false);
        Assert.Contains("Estimated cost: $0.001000 for 2 conversation(s)", text);

        var csv = "account_id,display_name,tier\n712020:c,Carla,Tier 2\n";
        var upload = Task.Run(() => section.FindComponent<Microsoft.AspNetCore.Components.Forms.InputFile>().UploadFiles(InputFileContent.CreateFromText(csv, "agents.csv")), Ct);
        text = await SpendDialog.AnswerAsync(dialogs, upload, confirm: false);
        Assert.Contains("Estimated cost: $0.001000 for 2 conversation(s)", text);

        Assert.Equal(before, await StoredTiersAsync(host));
        Assert.Empty(queue.Requests);

        await SpendDialog.AnswerAsync(dialogs, section.Find("button[aria-label='Remove Bruno Costa']").ClickAsync(new MouseEventArgs()), confirm: true);
        section.WaitForAssertion(() => Assert.Single(queue.Requests));
        Assert.Equal(JobKinds.ReapplyRoles, queue.Requests[0].Kind);
        Assert.Equal(["712020:a"], (await StoredTiersAsync(host)).Keys);
    }

    [Fact]
    public async Task Saving_the_directory_with_the_heuristic_scorer_asks_nothing_and_starts_the_re_apply()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await StorePendingAsync(db, ("SD-1", 500));
        var queue = new JiraQuality.Tests.Jira.RecordingJobQueue();
        using var host = new SettingsSectionsHost(db, queue: queue);
        var (dialogs, section) = RenderDirectory(host);

        section.Find("#agent-account-id").Input("557058:new-agent");
        await section.Find("form").SubmitAsync().WaitAsync(TimeSpan.FromSeconds(30), Ct);

        Assert.Empty(dialogs.FindAll(".mud-dialog"));
        section.WaitForAssertion(() => Assert.Single(queue.Requests));
        Assert.Equal(JobKinds.ReapplyRoles, queue.Requests[0].Kind);
        Assert.Equal("Tier 1", (await StoredTiersAsync(host))["557058:new-agent"]);
    }
}
