using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;

namespace JiraQuality.Core.Alerts;

/// <summary>A Microsoft Teams incoming webhook (Workflows or connector): one Adaptive Card.</summary>
public sealed class TeamsAlertSender(IHttpClientFactory clients, IOptionsMonitor<AlertsOptions> options) : HttpAlertSender(clients, options)
{
    public override string Kind => AlertChannelKinds.Teams;

    public override JsonNode Render(AlertEnvelope envelope)
    {
        var body = new JsonArray { Text(envelope.Subject, "Large", bold: true) };
        var actions = new JsonArray();
        foreach (var alert in envelope.Alerts.Take(20))
        {
            body.Add(Text($"{alert.Rule}{(alert.IssueKey is null ? "" : " · " + alert.IssueKey)}", "Medium", bold: true));
            body.Add(Text(alert.Reason, "Default", bold: false));
            body.Add(new JsonObject
            {
                ["type"] = "FactSet",
                ["facts"] = new JsonArray(
                    Fact("Hub", alert.Hub ?? "–"),
                    Fact("Agent", alert.Agent ?? "–"),
                    Fact("Conversation score", AlertRuleMatcher.Number(alert.ConversationScore)),
                    Fact("Agent score", AlertRuleMatcher.Number(alert.AgentScore))),
            });
            if (!string.IsNullOrWhiteSpace(alert.Excerpt))
            {
                var excerpt = Text(alert.Excerpt, "Default", bold: false);
                excerpt["isSubtle"] = true;
                body.Add(excerpt);
            }

            if (alert.Url is { } url && actions.Count < 5)
            {
                actions.Add(new JsonObject { ["type"] = "Action.OpenUrl", ["title"] = $"Open {alert.IssueKey ?? "dashboard"}", ["url"] = url });
            }
        }

        var card = new JsonObject
        {
            ["$schema"] = "http://adaptivecards.io/schemas/adaptive-card.json",
            ["type"] = "AdaptiveCard",
            ["version"] = "1.4",
            ["body"] = body,
        };
        if (actions.Count > 0)
        {
            card["actions"] = actions;
        }

        return new JsonObject
        {
            ["type"] = "message",
            ["attachments"] = new JsonArray(new JsonObject
            {
                ["contentType"] = "application/vnd.microsoft.card.adaptive",
                ["contentUrl"] = null,
                ["content"] = card,
            }),
        };
    }

    private static JsonObject Text(string text, string size, bool bold) => new()
    {
        ["type"] = "TextBlock",
        ["text"] = text,
        ["size"] = size,
        ["weight"] = bold ? "Bolder" : "Default",
        ["wrap"] = true,
    };

    private static JsonObject Fact(string title, string value) => new() { ["title"] = title, ["value"] = value };
}
