using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;

namespace JiraQuality.Core.Alerts;

/// <summary>A send that did not go through. <see cref="Retryable"/>: worth trying again later (5xx, timeout, network).</summary>
public sealed class AlertSendException(string message, bool retryable, Exception? inner = null) : Exception(message, inner)
{
    public bool Retryable { get; } = retryable;
}

/// <summary>What one delivery carries: one alert, or the alerts of a digest.</summary>
public sealed record AlertEnvelope(Guid DeliveryId, AlertMessage? Alert, AlertDigestMessage? Digest)
{
    public IReadOnlyList<AlertMessage> Alerts => Alert is not null ? [Alert] : Digest?.Alerts ?? [];

    public string Subject => Digest is not null
        ? $"JiraQuality digest: {Digest.Alerts.Count} alert{(Digest.Alerts.Count == 1 ? "" : "s")}"
        : $"JiraQuality alert: {Alert!.Title}";

    public static AlertEnvelope FromDelivery(AlertDelivery delivery) =>
        delivery.RuleId == AlertDeliveryRules.Digest
            ? new AlertEnvelope(delivery.Id, null, AlertDigestMessage.FromJson(delivery.PayloadJson))
            : new AlertEnvelope(delivery.Id, AlertMessage.FromJson(delivery.PayloadJson), null);
}

/// <summary>Sends an alert through one kind of channel.</summary>
public interface IAlertSender
{
    string Kind { get; }

    Task SendAsync(AlertChannelOptions channel, AlertEnvelope envelope, CancellationToken cancellationToken);
}

/// <summary>Finds the sender for a channel's kind and sends.</summary>
public sealed class AlertDispatcher(IEnumerable<IAlertSender> senders)
{
    private readonly Dictionary<string, IAlertSender> _senders = senders.ToDictionary(s => s.Kind, StringComparer.Ordinal);

    public Task SendAsync(AlertChannelOptions channel, AlertEnvelope envelope, CancellationToken cancellationToken) =>
        _senders.TryGetValue(channel.Kind, out var sender)
            ? sender.SendAsync(channel, envelope, cancellationToken)
            : throw new AlertSendException($"Channel '{channel.Name}' has kind '{channel.Kind}', which no sender handles.", retryable: false);
}

/// <summary>The HTTP part the webhook, Slack and Teams senders share: status handling and secrets kept out of errors.</summary>
public abstract class HttpAlertSender(IHttpClientFactory clients, IOptionsMonitor<AlertsOptions> options) : IAlertSender
{
    public const string ClientName = "alerts";

    public abstract string Kind { get; }

    public async Task SendAsync(AlertChannelOptions channel, AlertEnvelope envelope, CancellationToken cancellationToken)
    {
        var body = Encoding.UTF8.GetBytes(Render(envelope).ToJsonString());
        using var request = new HttpRequestMessage(HttpMethod.Post, channel.Url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        request.Headers.TryAddWithoutValidation("X-JiraQuality-Delivery", envelope.DeliveryId.ToString());
        AddHeaders(request, channel, body);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.CurrentValue.SendTimeout);
        HttpResponseMessage response;
        try
        {
            response = await clients.CreateClient(ClientName).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new AlertSendException($"Channel '{channel.Name}' did not answer within {options.CurrentValue.SendTimeout.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s.", retryable: true);
        }
        catch (HttpRequestException ex)
        {
            // The message of a connection failure names host and port at most, never the path that holds the secret.
            throw new AlertSendException($"Channel '{channel.Name}' could not be reached: {Describe(ex)}", retryable: true);
        }

        using (response)
        {
            if (response.IsSuccessStatusCode)
            {
                return;
            }

            var status = (int)response.StatusCode;
            var retryable = status >= 500 || response.StatusCode is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests;
            throw new AlertSendException($"Channel '{channel.Name}' answered HTTP {status.ToString(CultureInfo.InvariantCulture)} {response.ReasonPhrase}.", retryable);
        }
    }

    /// <summary>The JSON body for the channel.</summary>
    public abstract JsonNode Render(AlertEnvelope envelope);

    protected virtual void AddHeaders(HttpRequestMessage request, AlertChannelOptions channel, byte[] body)
    {
    }

    private static string Describe(HttpRequestException ex) =>
        ex.InnerException is SocketException socket ? socket.SocketErrorCode.ToString() : ex.HttpRequestError.ToString();
}

/// <summary>
/// The generic webhook: <c>POST</c> of <c>{"rule","issueKey","hub","agent","conversationScore","url","at"}</c> (plus
/// <c>reason</c>), signed with <c>X-JiraQuality-Signature: sha256=&lt;hex HMAC-SHA256 of the body&gt;</c>. A digest posts
/// <c>{"rule":"digest","period","alerts":[...]}</c>.
/// </summary>
public sealed class WebhookAlertSender(IHttpClientFactory clients, IOptionsMonitor<AlertsOptions> options) : HttpAlertSender(clients, options)
{
    public const string SignatureHeader = "X-JiraQuality-Signature";

    public override string Kind => AlertChannelKinds.Webhook;

    public override JsonNode Render(AlertEnvelope envelope) =>
        envelope.Digest is { } digest
            ? new JsonObject
            {
                ["rule"] = AlertDeliveryRules.Digest,
                ["period"] = Iso(digest.PeriodUtc),
                ["alerts"] = new JsonArray([.. digest.Alerts.Select(a => (JsonNode)Shape(a))]),
            }
            : Shape(envelope.Alert!);

    public static string Sign(byte[] body, string secret) =>
        "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body));

    protected override void AddHeaders(HttpRequestMessage request, AlertChannelOptions channel, byte[] body) =>
        request.Headers.TryAddWithoutValidation(SignatureHeader, Sign(body, channel.Secret));

    private static JsonObject Shape(AlertMessage alert) => new()
    {
        ["rule"] = alert.Rule,
        ["issueKey"] = alert.IssueKey,
        ["hub"] = alert.Hub,
        ["agent"] = alert.Agent,
        ["conversationScore"] = alert.ConversationScore,
        ["url"] = alert.Url,
        ["at"] = Iso(alert.AtUtc),
        ["reason"] = alert.Reason,
    };

    internal static string Iso(DateTime value) =>
        AlertEvaluationService.AsUtc(value).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}

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

/// <summary>E-mail over SMTP with MailKit (text and HTML parts; ticket text HTML-encoded).</summary>
public sealed class EmailAlertSender(IOptionsMonitor<AlertsOptions> options) : IAlertSender
{
    public string Kind => AlertChannelKinds.Email;

    public async Task SendAsync(AlertChannelOptions channel, AlertEnvelope envelope, CancellationToken cancellationToken)
    {
        var settings = options.CurrentValue;
        var smtp = settings.Smtp;
        var message = Render(channel, envelope, smtp);
        using var client = new SmtpClient { Timeout = (int)Math.Min(int.MaxValue, settings.SendTimeout.TotalMilliseconds) };
        try
        {
            await client.ConnectAsync(smtp.Host, smtp.Port, Security(smtp.Security), cancellationToken);
            if (!string.IsNullOrEmpty(smtp.User))
            {
                await client.AuthenticateAsync(smtp.User, smtp.Password, cancellationToken);
            }

            await client.SendAsync(message, cancellationToken);
            await client.DisconnectAsync(quit: true, cancellationToken);
        }
        catch (AuthenticationException ex)
        {
            throw new AlertSendException($"Channel '{channel.Name}': the SMTP server refused the user name or password ({ex.GetType().Name}).", retryable: false);
        }
        catch (SmtpCommandException ex)
        {
            var code = (int)ex.StatusCode;
            throw new AlertSendException($"Channel '{channel.Name}': the SMTP server answered {code.ToString(CultureInfo.InvariantCulture)}: {ex.Message}", retryable: code < 500);
        }
        catch (Exception ex) when (ex is SmtpProtocolException or IOException or SocketException or SslHandshakeException or TimeoutException
                                   || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            throw new AlertSendException($"Channel '{channel.Name}': the SMTP server at {smtp.Host}:{smtp.Port.ToString(CultureInfo.InvariantCulture)} could not be used: {ex.Message}", retryable: true);
        }
    }

    public static MimeMessage Render(AlertChannelOptions channel, AlertEnvelope envelope, AlertSmtpOptions smtp)
    {
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(string.IsNullOrWhiteSpace(smtp.From) ? "jiraquality@localhost" : smtp.From));
        foreach (var address in channel.Recipients)
        {
            message.To.Add(MailboxAddress.Parse(address));
        }

        message.Subject = envelope.Subject;
        message.Headers.Add("X-JiraQuality-Delivery", envelope.DeliveryId.ToString());
        var text = new StringBuilder();
        var html = new StringBuilder("<!DOCTYPE html><html><body>");
        html.Append("<h1>").Append(WebUtility.HtmlEncode(envelope.Subject)).Append("</h1>");
        foreach (var alert in envelope.Alerts)
        {
            text.AppendLine(alert.Title).AppendLine(alert.Reason);
            text.AppendLine(CultureInfo.InvariantCulture, $"Hub: {alert.Hub ?? "-"}; agent: {alert.Agent ?? "-"}; conversation score: {AlertRuleMatcher.Number(alert.ConversationScore)}; agent score: {AlertRuleMatcher.Number(alert.AgentScore)}");
            html.Append("<h2>").Append(WebUtility.HtmlEncode(alert.Title)).Append("</h2>");
            html.Append("<p>").Append(WebUtility.HtmlEncode(alert.Reason)).Append("</p><ul>");
            html.Append("<li>Hub: ").Append(WebUtility.HtmlEncode(alert.Hub ?? "–")).Append("</li>");
            html.Append("<li>Agent: ").Append(WebUtility.HtmlEncode(alert.Agent ?? "–")).Append("</li>");
            html.Append("<li>Conversation score: ").Append(AlertRuleMatcher.Number(alert.ConversationScore)).Append("</li>");
            html.Append("<li>Agent score: ").Append(AlertRuleMatcher.Number(alert.AgentScore)).Append("</li></ul>");
            if (!string.IsNullOrWhiteSpace(alert.Excerpt))
            {
                text.AppendLine("> " + alert.Excerpt);
                html.Append("<blockquote>").Append(WebUtility.HtmlEncode(alert.Excerpt)).Append("</blockquote>");
            }

            foreach (var link in new[] { alert.Url, alert.DashboardUrl }.Where(l => l is not null).Distinct())
            {
                text.AppendLine(link);
                html.Append("<p><a href=\"").Append(WebUtility.HtmlEncode(link)).Append("\">").Append(WebUtility.HtmlEncode(link)).Append("</a></p>");
            }

            text.AppendLine();
        }

        html.Append("</body></html>");
        message.Body = new BodyBuilder { TextBody = text.ToString(), HtmlBody = html.ToString() }.ToMessageBody();
        return message;
    }

    private static SecureSocketOptions Security(string security) => security.Trim().ToLowerInvariant() switch
    {
        "none" => SecureSocketOptions.None,
        "ssl" => SecureSocketOptions.SslOnConnect,
        "auto" => SecureSocketOptions.Auto,
        _ => SecureSocketOptions.StartTls,
    };
}
