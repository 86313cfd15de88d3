using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using JiraQuality.Core.Jira;
using Microsoft.Extensions.Options;
using JiraQuality.Core.Jira.Webhooks;

namespace JiraQuality.Web.Features.Jira;

/// <summary>
/// <c>POST /api/webhooks/jira</c>: verifies Jira's HMAC signature over the raw body, drops repeated deliveries
/// (same identifier header, or same event, issue, timestamp and comment in the body) and bodies older than the retention,
/// and stores the named issue as a pending delivery that the webhook worker fetches again from Jira (the payload
/// itself is never trusted). It answers without calling Jira.
/// </summary>
public static class WebhookEndpoints
{
    public const string SignatureHeader = "X-Hub-Signature";
    public const string IdentifierHeader = "X-Atlassian-Webhook-Identifier";

    private static readonly HashSet<string> HandledEvents =
    [
        "jira:issue_created", "jira:issue_updated", "comment_created", "comment_updated", "comment_deleted",
    ];

    public static IEndpointRouteBuilder MapWebhookEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/webhooks").WithTags("Webhooks");
        // Jira signs its deliveries (HMAC); no user is involved.
        group.MapPost("/jira", ReceiveJiraAsync).AllowAnonymous();
        return endpoints;
    }

    private static async Task<IResult> ReceiveJiraAsync(
        HttpContext context,
        IOptions<WebhookOptions> options,
        IOptions<JiraOptions> jira,
        JiraWebhookInbox inbox,
        TimeProvider time,
        ILogger<JiraWebhookInbox> logger,
        CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (string.IsNullOrEmpty(settings.JiraSecret))
        {
            return Results.Problem(
                statusCode: StatusCodes.Status503ServiceUnavailable,
                title: "Jira webhooks disabled",
                detail: "No webhook secret is configured: set Webhooks:JiraSecret (environment Webhooks__JiraSecret) and the same secret in Jira.");
        }

        var body = await ReadBodyAsync(context.Request, settings.MaxBodyBytes, cancellationToken);
        if (body is null)
        {
            return Results.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "Webhook body too large");
        }

        if (!SignatureIsValid(context.Request.Headers[SignatureHeader].ToString(), body, settings.JiraSecret))
        {
            logger.LogWarning("Refused a Jira webhook delivery with a missing or wrong signature");
            return Results.Json(new { error = "Invalid signature" }, statusCode: StatusCodes.Status401Unauthorized);
        }

        string? webhookEvent;
        string? issueKey;
        long? timestamp;
        string? commentId;
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            webhookEvent = root.TryGetProperty("webhookEvent", out var e) && e.ValueKind == JsonValueKind.String ? e.GetString() : null;
            issueKey = root.TryGetProperty("issue", out var issue) && issue.ValueKind == JsonValueKind.Object
                       && issue.TryGetProperty("key", out var key) && key.ValueKind == JsonValueKind.String
                ? key.GetString()
                : null;
            timestamp = root.TryGetProperty("timestamp", out var t) && t.ValueKind == JsonValueKind.Number && t.TryGetInt64(out var ms) ? ms : null;
            commentId = root.TryGetProperty("comment", out var comment) && comment.ValueKind == JsonValueKind.Object
                        && comment.TryGetProperty("id", out var id) && id.ValueKind is JsonValueKind.String or JsonValueKind.Number
                ? id.ToString()
                : null;
        }
        catch (JsonException exception)
        {
            return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Webhook body is not JSON", detail: exception.Message);
        }

        if (webhookEvent is null || !HandledEvents.Contains(webhookEvent) || string.IsNullOrWhiteSpace(issueKey))
        {
            return Results.Ok(new { ignored = true, webhookEvent });
        }

        if (!jira.Value.IsConfigured)
        {
            // Nothing could fetch the issue, so the delivery is not stored; Jira retries it, and the first sync
            // after Jira is configured reads the ticket anyway.
            return Results.Problem(
                statusCode: StatusCodes.Status503ServiceUnavailable,
                title: "Jira is not configured",
                detail: "Webhooks only name an issue, which is then fetched from Jira: set Jira:BaseUrl (JIRA_BASE_URL), Jira:Email (JIRA_EMAIL) and Jira:ApiToken (JIRA_API_KEY).");
        }

        // Older than the retention, the body's record may be pruned already: such a body can only be a replay.
        if (timestamp is { } sentAt && DateTimeOffset.FromUnixTimeMilliseconds(Math.Clamp(sentAt, 0, 253402300799999)) < time.GetUtcNow() - JiraWebhookRefetcher.Retention(settings))
        {
            logger.LogWarning("Ignored a signed Jira webhook for {IssueKey} whose timestamp is older than the delivery retention", issueKey);
            return Results.Ok(new { ignored = true, stale = true, issueKey });
        }

        var identifier = context.Request.Headers[IdentifierHeader].ToString();
        var bodyIdentity = JiraWebhookInbox.BodyIdentityOf(webhookEvent, issueKey, timestamp, commentId, body);
        if (!await inbox.AcceptAsync(identifier, issueKey, bodyIdentity, cancellationToken))
        {
            return Results.Ok(new { duplicate = true, issueKey });
        }

        return Results.Accepted(value: new { queued = true, issueKey });
    }

    /// <summary>True when the header is <c>sha256=&lt;hex&gt;</c> of the HMAC-SHA256 of the body under the secret.</summary>
    public static bool SignatureIsValid(string header, byte[] body, string secret)
    {
        const string prefix = "sha256=";
        if (!header.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        byte[] given;
        try
        {
            given = Convert.FromHexString(header.AsSpan(prefix.Length).Trim());
        }
        catch (FormatException)
        {
            return false;
        }

        var expected = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body);
        return CryptographicOperations.FixedTimeEquals(given, expected);
    }

    private static async Task<byte[]?> ReadBodyAsync(HttpRequest request, int maxBytes, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > maxBytes)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }
}
