using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;

namespace JiraQuality.Core.Alerts;

/// <summary>A Slack incoming webhook: a Block Kit message per alert (ticket link, scores, redacted excerpt).</summary>
public sealed class SlackAlertSender(IHttpClientFactory clients, IOptionsMonitor<AlertsOptions> options) : HttpAlertSender(clients, options)
{
    public override string Kind => AlertChannelKinds.Slack;

    public override JsonNode Render(AlertEnvelope envelope)
    {
        var blocks = new JsonArray { Block("header", PlainText(Truncate(envelope.Subject, 150))) };
        foreach (var alert in envelope.Alerts.Take(20))
        {
            var title = alert.IssueKey is null ? Escape(alert.Rule) : alert.Url is { } url ? $"<{url}|{Escape(alert.IssueKey)}>" : Escape(alert.IssueKey);
            var section = new JsonObject
            {
                ["type"] = "section",
                ["text"] = Markdown($"*{Escape(alert.Rule)}* · {title}\n{Escape(alert.Reason)}"),
                ["fields"] = new JsonArray(
                    Markdown($"*Hub*\n{Escape(alert.Hub ?? "–")}"),
                    Markdown($"*Agent*\n{Escape(alert.Agent ?? "–")}"),
                    Markdown($"*Conversation score*\n{AlertRuleMatcher.Number(alert.ConversationScore)}"),
                    Markdown($"*Agent score*\n{AlertRuleMatcher.Number(alert.AgentScore)}")),
            };
            blocks.Add(section);
            if (!string.IsNullOrWhiteSpace(alert.Excerpt))
            {
                blocks.Add(new JsonObject { ["type"] = "context", ["elements"] = new JsonArray(Markdown("> " + Escape(alert.Excerpt))) });
            }

            if (alert.DashboardUrl is { } dashboard)
            {
                blocks.Add(new JsonObject { ["type"] = "context", ["elements"] = new JsonArray(Markdown($"<{dashboard}|Open in JiraQuality>")) });
            }
        }

        if (envelope.Alerts.Count > 20)
        {
            blocks.Add(new JsonObject { ["type"] = "context", ["elements"] = new JsonArray(Markdown($"…and {envelope.Alerts.Count - 20} more on the alert history page.")) });
        }

        return new JsonObject { ["text"] = envelope.Subject, ["blocks"] = blocks };
    }

    /// <summary>Slack's three control characters; everything else is literal.</summary>
    public static string Escape(string text) => text.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal).Replace(">", "&gt;", StringComparison.Ordinal);

    private static JsonObject Block(string type, JsonObject text) => new() { ["type"] = type, ["text"] = text };

    private static JsonObject PlainText(string text) => new() { ["type"] = "plain_text", ["text"] = text };

    private static JsonObject Markdown(string text) => new() { ["type"] = "mrkdwn", ["text"] = Truncate(text, 2900) };

    private static string Truncate(string text, int length) => text.Length <= length ? text : text[..(length - 1)] + "…";
}
