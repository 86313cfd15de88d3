using System.Globalization;
using JiraQuality.Core.Agents.Directory;
using JiraQuality.Core.Reporting.Dashboard;

namespace JiraQuality.Web.Components.Shared;

/// <summary>How figures read on the pages.</summary>
public static class Format
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>Conversations name agents by account id; the agent directory knows the names people recognise.</summary>
    public static string Agent(AgentDirectorySnapshot agents, string? accountId) =>
        agents.Find(accountId, null)?.DisplayName is { Length: > 0 } name ? name : accountId ?? "";

    /// <summary>
    /// An agent or customer by the name people recognise: the agent directory's, else the name the tickets carry for
    /// the account id (<see cref="Core.Conversations.PersonNames"/>), else the id itself.
    /// </summary>
    public static string Person(AgentDirectorySnapshot agents, Core.Conversations.PersonNames names, string? accountId) =>
        agents.Find(accountId, null)?.DisplayName is { Length: > 0 } name ? name
        : names.Find(accountId) ?? accountId ?? "";

    public static string Kpi(KpiFormat format, double? value) => value is not { } v
        ? "—"
        : format switch
        {
            KpiFormat.Score => v.ToString("0.00", Invariant) + " / 5",
            KpiFormat.Percent => Math.Round(v).ToString("0", Invariant) + "%",
            KpiFormat.Minutes => Minutes(v),
            KpiFormat.Usd => Usd(v),
            _ => v.ToString("#,0", Invariant),
        };

    /// <summary>
    /// Dollars with enough digits to be read: three decimals below $10, and at least three significant digits below a
    /// cent, so one conversation's $0.000112 never reads as $0.000.
    /// </summary>
    public static string Usd(double usd)
    {
        var magnitude = Math.Abs(usd);
        if (magnitude >= 10)
        {
            return (usd < 0 ? "-$" : "$") + magnitude.ToString("#,0.00", Invariant);
        }

        var decimals = magnitude is > 0 and < 0.01 ? Math.Min(12, 2 - (int)Math.Floor(Math.Log10(magnitude))) : 3;
        return (usd < 0 ? "-$" : "$") + magnitude.ToString("0." + new string('0', decimals), Invariant);
    }

    /// <summary>Rounds to whole minutes before splitting, so 119.6 reads "2h", never "1h 60m".</summary>
    public static string Minutes(double? minutes)
    {
        if (minutes is not { } v)
        {
            return "—";
        }

        if (v < 60)
        {
            return v.ToString("0.0", Invariant) + "m";
        }

        var total = (long)Math.Round(v);
        var hours = total / 60;
        var rest = total % 60;
        return rest == 0 ? $"{hours}h" : $"{hours}h {rest}m";
    }

    /// <summary>A change with its sign, in the KPI's own unit (points for percentages).</summary>
    public static string Delta(KpiFormat format, double delta)
    {
        var sign = delta > 0 ? "+" : delta < 0 ? "−" : "±";
        var magnitude = Math.Abs(delta);
        return sign + format switch
        {
            KpiFormat.Score => magnitude.ToString("0.00", Invariant),
            KpiFormat.Percent => magnitude.ToString("0.#", Invariant) + " pts",
            KpiFormat.Minutes => Minutes(magnitude),
            KpiFormat.Usd => Usd(magnitude),
            _ => magnitude.ToString("#,0", Invariant),
        };
    }

    public static string Number(double? value, string format = "0.0") => value?.ToString(format, Invariant) ?? "—";

    public static string Rate(double? fraction) => fraction is { } f ? Math.Round(f * 100).ToString("0", Invariant) + "%" : "—";

    public static string Instant(DateTime? utc) => utc?.ToString("yyyy-MM-dd HH:mm 'UTC'", Invariant) ?? "—";

    /// <summary>Reads the stored tier however it was spelt (Tier1, TIER_1, T1, tier 2, NonAgent).</summary>
    public static string Tier(string? tier)
    {
        var compact = new string((tier ?? "").Where(char.IsLetterOrDigit).ToArray()).ToUpperInvariant();
        return compact switch
        {
            "TIER1" or "T1" => "Tier 1",
            "TIER2" or "T2" => "Tier 2",
            "NONAGENT" or "NONE" => "Non agent",
            "" => "—",
            _ => tier!,
        };
    }
}
