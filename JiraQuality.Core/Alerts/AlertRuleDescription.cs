using System.Globalization;

namespace JiraQuality.Core.Alerts;

/// <summary>A rule in words, as the audit log records it.</summary>
internal static class AlertRuleDescription
{
    /// <summary>A rule in words for the audit log.</summary>
    public static string Of(AlertRuleOptions rule)
    {
        var parts = new List<string> { $"{rule.Kind} to {rule.Channel}", rule.Mode };
        if (rule.Kind is AlertRuleKinds.LowScore or AlertRuleKinds.KpiDrop)
        {
            parts.Add("threshold " + rule.EffectiveThreshold.ToString("0.##", CultureInfo.InvariantCulture));
        }

        if (rule.Kind == AlertRuleKinds.KpiDrop)
        {
            parts.Add($"{rule.Kpi} over {rule.Window.TotalDays.ToString("0.##", CultureInfo.InvariantCulture)} days");
        }

        if (rule.IsPerAgent)
        {
            parts.Add($"per agent over {rule.Window.TotalDays.ToString("0.##", CultureInfo.InvariantCulture)} days");
        }

        foreach (var (label, value) in new[] { ("hub", rule.Hub), ("tier", rule.Tier), ("contact reason", rule.ContactReason) })
        {
            if (!string.IsNullOrWhiteSpace(value))
            {
                parts.Add($"{label} {value}");
            }
        }

        return string.Join(", ", parts);
    }
}
