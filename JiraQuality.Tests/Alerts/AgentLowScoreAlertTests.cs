using JiraQuality.Core.Alerts;
using JiraQuality.Core.Scoring.Processing;
using JiraQuality.Core.Storage;
using JiraQuality.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace JiraQuality.Tests.Alerts;

/// <summary>A low-score rule per agent: each agent whose mean agent score over the period is at or below the threshold, once per period.</summary>
public sealed class AgentLowScoreAlertTests
{
    private static readonly DateTime Period = new(2026, 12, 7, 8, 0, 0, DateTimeKind.Utc);

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task An_agent_whose_mean_over_the_period_is_at_or_below_the_threshold_alerts_once_per_period(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var settings = AlertTestHost.WebhookChannel("https://hooks.example.test/x", "settings-secret", "ops", ("low-score", "immediate"));
        settings["Alerts:Rules:0:Per"] = "Agent";
        settings["Alerts:Rules:0:Threshold"] = "2.5";
        settings["Alerts:Rules:0:Window"] = "7.00:00:00";
        settings["Alerts:Rules:0:Hub"] = "Berlin";
        using var host = AlertTestHost.Build(db, settings, time: new FakeTimeProvider(new DateTimeOffset(Period)));
        var ct = TestContext.Current.CancellationToken;
        await using (var context = db.Factory.CreateDbContext())
        {
            context.AddRange(
                // 712020:ana: 2.0 and 3.0 this week (mean 2.5, at the threshold); her 1.0 ten days ago is outside the period.
                Processed("A-1", "712020:ana", Period.AddDays(-2), 2.0), Processed("A-2", "712020:ana", Period.AddDays(-1), 3.0),
                Processed("A-0", "712020:ana", Period.AddDays(-10), 1.0),
                // bruno: one 2.0 and one 4.0 (mean 3.0): no alert although one conversation is low.
                Processed("B-1", "557058:bruno", Period.AddDays(-3), 2.0), Processed("B-2", "557058:bruno", Period.AddDays(-1), 4.0),
                // carla is low but in another hub.
                Processed("C-1", "carla", Period.AddDays(-1), 1.0, hub: "Paris"));
            await context.SaveChangesAsync(ct);
        }

        // Per-agent rules are not evaluated per conversation.
        Assert.Equal(0, await host.Services.GetRequiredService<AlertEvaluationService>().EvaluateAsync(ct));

        var digests = host.Services.GetRequiredService<AlertDigestService>();
        await digests.RunPeriodAsync(Period, ct);
        await digests.RunPeriodAsync(Period, ct);

        var alert = Assert.Single(await AlertTestHost.DeliveriesAsync(db));
        Assert.Equal(("low-score:ops", $"agent:712020:ana@{AlertDigestService.PeriodKey(Period)}", AlertDeliveryStates.Pending), (alert.RuleId, alert.Subject, alert.State));
        var message = AlertMessage.FromJson(alert.PayloadJson);
        Assert.Equal(("712020:ana", 2.5, (string?)null), (message.Agent, message.AgentScore, message.IssueKey));
        Assert.Equal("The agent's mean agent score over the last 7 days is 2.5 (2 conversations), at or below 2.5.", message.Reason);

        // The next period alerts again for an agent still low.
        await using (var context = db.Factory.CreateDbContext())
        {
            context.Add(Processed("A-3", "712020:ana", Period.AddHours(20), 2.0));
            await context.SaveChangesAsync(ct);
        }

        await digests.RunPeriodAsync(Period.AddDays(1), ct);
        Assert.Equal(2, (await AlertTestHost.DeliveriesAsync(db)).Count);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_per_agent_rule_is_saved_from_the_page_and_per_agent_is_refused_for_other_kinds(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        using var host = AlertTestHost.Build(db, AlertTestHost.WebhookChannel("https://hooks.example.test/x", "settings-secret", "ops"));
        var editor = host.Services.GetRequiredService<AlertSettingsEditor>();
        var ct = TestContext.Current.CancellationToken;

        var saved = await editor.SaveRuleAsync(null, new AlertRuleInput { Kind = "low-score", Channel = "ops", Per = "agent", Threshold = 2, WindowDays = 14 }, ct);
        Assert.Equal("Added alert rule 'low-score:ops': low-score to ops, immediate, threshold 2, per agent over 14 days.", saved.AuditDetail);
        var rule = Assert.Single((await host.Services.GetRequiredService<AlertConfiguration>().CurrentAsync(ct)).Rules);
        Assert.True(rule.IsPerAgent);
        Assert.False(rule.IsPerConversation);
        Assert.Equal(TimeSpan.FromDays(14), rule.Window);
        Assert.Equal("Period must be between 1 and 90 days.",
            (await editor.SaveRuleAsync(null, new AlertRuleInput { Name = "weekly", Kind = "low-score", Channel = "ops", Per = "agent", WindowDays = 365 }, ct)).Errors["WindowDays"]);

        var invalid = new AlertsOptionsValidator().Validate(null, new AlertsOptions
        {
            Channels = [new AlertChannelOptions { Name = "ops", Kind = "slack", Url = "https://hooks.example.test/x" }],
            Rules = [new AlertRuleOptions { Kind = "customer-abuse", Channel = "ops", Per = "agent" }],
        });
        Assert.Contains("Alerts:Rules:0:Per agent applies to low-score rules only.", invalid.Failures!);
    }

    private static ProcessedConversation Processed(string key, string agent, DateTime endUtc, double agentScore, string hub = "Berlin") => new()
    {
        IssueKey = key,
        Hub = hub,
        PrimaryAgent = agent,
        ConversationStartUtc = endUtc.AddMinutes(-30),
        ConversationEndUtc = endUtc,
        ConversationScore = 4.0,
        AgentScore = agentScore,
        ScorerKind = "heuristic",
        ScorerVersion = "test",
        ProcessedAtUtc = endUtc,
    };
}
