using System.Globalization;
using JiraQuality.Core.Alerts;
using MudBlazor;

namespace JiraQuality.Web.Features.Alerts;

/// <summary>How the alert pages show states, channels and instants.</summary>
public static class AlertDisplay
{
    public static readonly IReadOnlyList<string> States =
    [
        AlertDeliveryStates.Pending, AlertDeliveryStates.Sent, AlertDeliveryStates.Failed, AlertDeliveryStates.Waiting, AlertDeliveryStates.InDigest,
    ];

    public static Color StateColor(string state) => state switch
    {
        AlertDeliveryStates.Sent => Color.Success,
        AlertDeliveryStates.Failed => Color.Error,
        AlertDeliveryStates.Pending => Color.Warning,
        _ => Color.Default,
    };

    /// <summary>The state in words, so colour is never the only cue.</summary>
    public static string StateText(AlertHistoryItem item) => item.State switch
    {
        AlertDeliveryStates.Pending when item.Attempts > 0 => $"retrying (attempt {item.Attempts.ToString(CultureInfo.InvariantCulture)} failed)",
        AlertDeliveryStates.Pending => "pending",
        AlertDeliveryStates.Waiting => "waiting for the digest",
        AlertDeliveryStates.InDigest => $"in digest ({item.DigestState ?? "unknown"})",
        _ => item.State,
    };

    public static string Instant(DateTime? utc) =>
        utc is { } value ? value.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) : "–";

    /// <summary>Where a channel sends, without its secrets: the host of a webhook address, the recipients of e-mail.</summary>
    public static string Target(AlertChannelOptions channel) => AlertChannelTarget.Describe(channel);

    public static string Threshold(AlertRuleOptions rule) => rule.Kind switch
    {
        AlertRuleKinds.LowScore or AlertRuleKinds.KpiDrop => rule.EffectiveThreshold.ToString("0.##", CultureInfo.InvariantCulture),
        _ => "–",
    };

    public static string Filters(AlertRuleOptions rule)
    {
        var parts = new List<string>();
        if (!string.IsNullOrWhiteSpace(rule.Hub))
        {
            parts.Add("hub " + rule.Hub);
        }

        if (!string.IsNullOrWhiteSpace(rule.Tier))
        {
            parts.Add("tier " + rule.Tier);
        }

        if (!string.IsNullOrWhiteSpace(rule.ContactReason))
        {
            parts.Add("contact reason " + rule.ContactReason);
        }

        if (rule.Kind == AlertRuleKinds.KpiDrop)
        {
            parts.Add($"{rule.Kpi} over {rule.Window.TotalDays.ToString("0.##", CultureInfo.InvariantCulture)} days");
        }

        if (rule.IsPerAgent)
        {
            parts.Add($"each agent's mean over {rule.Window.TotalDays.ToString("0.##", CultureInfo.InvariantCulture)} days");
        }

        return parts.Count == 0 ? "all conversations" : string.Join("; ", parts);
    }
}
