using Bunit;
using JiraQuality.Core.Jobs;
using JiraQuality.Core.Scoring;
using JiraQuality.Core.Storage;
using JiraQuality.Tests.Infrastructure;
using JiraQuality.Tests.Scoring;
using JiraQuality.Web.Features.Settings;
using Microsoft.AspNetCore.Components.Web;
using MudBlazor;

namespace JiraQuality.Tests.Settings;

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
}
