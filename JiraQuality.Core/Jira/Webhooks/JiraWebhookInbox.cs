using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Threading.Channels;
using JiraQuality.Core.Storage;
using Microsoft.EntityFrameworkCore;

namespace JiraQuality.Core.Jira.Webhooks;

/// <summary>
/// Stores each verified webhook delivery as a pending row of <c>webhook_deliveries</c> (one insert is both the
/// de-duplication record and the request to fetch the issue again), then wakes the worker in this process.
/// </summary>
public sealed class JiraWebhookInbox(IDbContextFactory<JiraQualityDbContext> databases, TimeProvider time)
{
    /// <summary>Prefix of the identifier given to a delivery that came without <c>X-Atlassian-Webhook-Identifier</c>.</summary>
    public const string LocalIdentifierPrefix = "local:";

    private readonly Channel<bool> _doorbell = Channel.CreateBounded<bool>(new BoundedChannelOptions(1)
    {
        FullMode = BoundedChannelFullMode.DropWrite,
        SingleReader = true,
    });

    /// <summary>
    /// Stores the delivery as pending. False when a delivery with this identifier is already stored (a retry by
    /// Jira), in which case nothing is written. A delivery without identifier cannot be recognised again, so it is
    /// always stored.
    /// </summary>
    public Task<bool> AcceptAsync(string? identifier, string issueKey, CancellationToken cancellationToken) =>
        AcceptAsync(identifier, issueKey, bodyIdentity: null, cancellationToken);

    /// <summary>
    /// Stores the delivery as pending. False when a delivery with this identifier or this body identity (see
    /// <see cref="BodyIdentityOf"/>) is still stored, in which case nothing is written: Jira's retries and a signed body
    /// replayed with no or a new identifier header are recognised for as long as the retention keeps the row.
    /// </summary>
    public async Task<bool> AcceptAsync(string? identifier, string issueKey, string? bodyIdentity, CancellationToken cancellationToken)
    {
        var id = string.IsNullOrEmpty(identifier) ? LocalIdentifierPrefix + Guid.NewGuid().ToString("N") : identifier;
        var now = time.GetUtcNow().UtcDateTime;
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        if (await IsKnownAsync(db, id, bodyIdentity, cancellationToken))
        {
            return false;
        }

        db.WebhookDeliveries.Add(new WebhookDelivery
        {
            Identifier = id,
            IssueKey = issueKey,
            ReceivedAtUtc = now,
            State = WebhookDeliveryStates.Pending,
            NextAttemptAtUtc = now,
            BodyIdentity = bodyIdentity,
        });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            await using var check = await databases.CreateDbContextAsync(cancellationToken);
            if (await IsKnownAsync(check, id, bodyIdentity, cancellationToken))
            {
                // A concurrent retry or replay of the same delivery stored it first.
                return false;
            }

            throw;
        }

        Ring();
        return true;
    }

    /// <summary>
    /// What a delivery's body says happened, as a SHA-256 hex: the event, the issue key, Jira's <c>timestamp</c> and the
    /// comment id (two comments of one issue may share a millisecond). A body without a timestamp is identified by all
    /// its bytes, so only an exact copy matches it.
    /// </summary>
    public static string BodyIdentityOf(string webhookEvent, string issueKey, long? timestamp, string? commentId, ReadOnlySpan<byte> body)
    {
        var hash = timestamp is { } ms
            ? SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\n', "event", webhookEvent, issueKey, ms.ToString(CultureInfo.InvariantCulture), commentId ?? "")))
            : SHA256.HashData(body);
        return Convert.ToHexStringLower(hash);
    }

    private static Task<bool> IsKnownAsync(JiraQualityDbContext db, string identifier, string? bodyIdentity, CancellationToken cancellationToken) =>
        bodyIdentity is null
            ? db.WebhookDeliveries.AnyAsync(d => d.Identifier == identifier, cancellationToken)
            : db.WebhookDeliveries.AnyAsync(d => d.Identifier == identifier || d.BodyIdentity == bodyIdentity, cancellationToken);

    /// <summary>Wakes the worker now rather than at its next poll.</summary>
    public void Ring() => _doorbell.Writer.TryWrite(true);

    /// <summary>Returns when a delivery is accepted in this process, or after <paramref name="timeout"/>.</summary>
    public async Task WaitForDeliveryAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (_doorbell.Reader.TryRead(out _) || timeout <= TimeSpan.Zero)
        {
            return;
        }

        using var timer = new CancellationTokenSource(timeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timer.Token);
        try
        {
            await _doorbell.Reader.ReadAsync(linked.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // The timeout ran out: time to look at the table again.
        }
    }
}
