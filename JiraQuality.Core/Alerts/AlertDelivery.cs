namespace JiraQuality.Core.Alerts;

/// <summary>
/// One alert and its delivery: the outbox row a worker sends from, and the record that a rule has alerted on a
/// conversation (or a period), unique per rule and subject so that nothing alerts twice.
/// </summary>
public sealed class AlertDelivery
{
    public Guid Id { get; set; }

    /// <summary>The rule's id (<see cref="AlertRuleOptions.Id"/>), or <see cref="AlertDeliveryRules.Digest"/>.</summary>
    public string RuleId { get; set; } = "";

    public string RuleKind { get; set; } = "";

    /// <summary>What the rule alerted on: an issue key, or a period (kpi-drop, digests).</summary>
    public string Subject { get; set; } = "";

    public string Channel { get; set; } = "";

    /// <summary>One of <see cref="AlertDeliveryStates"/>.</summary>
    public string State { get; set; } = AlertDeliveryStates.Pending;

    public string? IssueKey { get; set; }

    /// <summary>The alert as JSON (<see cref="AlertMessage"/>, or <see cref="AlertDigestMessage"/> for a digest).</summary>
    public string PayloadJson { get; set; } = "{}";

    public int Attempts { get; set; }
    public string? LastError { get; set; }
    public DateTime CreatedAtUtc { get; set; }

    /// <summary>When a pending delivery may be sent: its creation, or the end of the back-off after a failure.</summary>
    public DateTime NextAttemptAtUtc { get; set; }

    /// <summary>Set while an instance sends it; others take it over only after this (the sender died).</summary>
    public DateTime? ClaimedUntilUtc { get; set; }

    /// <summary>The claim's token: only the holder of the claim records the outcome.</summary>
    public Guid? ClaimToken { get; set; }

    public DateTime? SentAtUtc { get; set; }

    /// <summary>For an alert gathered into a digest: the digest delivery that carries it.</summary>
    public Guid? DigestId { get; set; }
}
