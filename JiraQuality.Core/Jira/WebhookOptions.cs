using System.ComponentModel.DataAnnotations;
using JiraQuality.Core.Settings;

namespace JiraQuality.Core.Jira;

/// <summary>Bound from the <c>Webhooks</c> section.</summary>
public sealed class WebhookOptions
{
    public const string SectionName = "Webhooks";

    /// <summary>The secret entered in Jira's webhook settings; deliveries are refused while it is empty.</summary>
    public string JiraSecret { get; set; } = "";

    /// <summary>
    /// The shortest <see cref="DeliveryRetention"/> accepted. Jira retries a delivery for about half an hour (its
    /// secondary flow up to a few hours late), and a delivery identifier forgotten before that would be fetched twice.
    /// </summary>
    public static readonly TimeSpan MinimumDeliveryRetention = TimeSpan.FromHours(6);

    /// <summary>Largest body accepted, in bytes.</summary>
    [Range(1024, int.MaxValue, ErrorMessage = "Webhooks:MaxBodyBytes must be at least 1024.")]
    public int MaxBodyBytes { get; set; } = 1_048_576;

    /// <summary>Fetches tried for one delivery before it is marked failed (the next sync still reads the ticket).</summary>
    [Range(1, int.MaxValue, ErrorMessage = "Webhooks:MaxFetchAttempts must be at least 1.")]
    public int MaxFetchAttempts { get; set; } = 8;

    /// <summary>Wait after the first failed fetch; each further failure doubles it, up to <see cref="RetryMaxDelay"/>.</summary>
    [PositiveTimeSpan("Webhooks:RetryBaseDelay")]
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(30);

    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>
    /// How long fetched and failed deliveries are kept: the de-duplication window, and how long failures stay
    /// visible. Pending deliveries are never removed.
    /// </summary>
    public TimeSpan DeliveryRetention { get; set; } = TimeSpan.FromDays(7);

    /// <summary>
    /// Longest wait between looks at the table when no delivery arrives in this process: picks up deliveries taken
    /// by another instance, and fetches whose back-off has run out.
    /// </summary>
    [PositiveTimeSpan("Webhooks:PollInterval")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The wait before attempt <paramref name="failedAttempts"/> + 1: doubling from the base, capped.</summary>
    public TimeSpan RetryDelay(int failedAttempts)
    {
        var exponent = Math.Clamp(failedAttempts - 1, 0, 20);
        var delay = RetryBaseDelay * Math.Pow(2, exponent);
        return delay < RetryMaxDelay ? delay : RetryMaxDelay;
    }
}
