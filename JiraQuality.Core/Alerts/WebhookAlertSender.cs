using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;

namespace JiraQuality.Core.Alerts;

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
