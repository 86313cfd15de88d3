namespace JiraQuality.Core.Identity;

/// <summary>One audited event: who did what, when, to which target. Kept for <c>Audit:RetentionDays</c>.</summary>
public sealed class AuditEntry
{
    public long Id { get; set; }

    public DateTime AtUtc { get; set; }

    /// <summary>The user's e-mail, <c>cli</c> for the command line on the server, or the e-mail tried for a failed sign-in.</summary>
    public required string Actor { get; set; }

    /// <summary>One of <see cref="AuditActions"/>.</summary>
    public required string Action { get; set; }

    /// <summary>What was acted on: an issue key, a user's e-mail, a token id, a settings section, an export name.</summary>
    public string? Target { get; set; }

    /// <summary>Free text that helps a reader; never a secret, a password or personal data from a ticket.</summary>
    public string? Detail { get; set; }

    public string? RemoteAddress { get; set; }
}
