using JiraQuality.Core.Reporting;
using Microsoft.EntityFrameworkCore;

namespace JiraQuality.Core.Identity;

/// <summary>The spelling of <see cref="ApplicationUser.AllowedHubs"/>: hub names, comma separated; empty means every hub.</summary>
public static class HubScope
{
    /// <summary>Trimmed, without duplicates, in ordinal order, comma separated; null for "every hub".</summary>
    public static string? Normalize(string? allowedHubs)
    {
        var hubs = Parse(allowedHubs);
        return hubs.Count == 0 ? null : string.Join(",", hubs);
    }

    public static IReadOnlyList<string> Parse(string? allowedHubs) =>
        (allowedHubs ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .ToList();

    /// <summary>Whether a conversation of <paramref name="hub"/> lies in the scope (rows without a hub are "Unassigned").</summary>
    public static bool Allows(string? allowedHubs, string? hub) =>
        allowedHubs is null || Parse(allowedHubs).Contains(string.IsNullOrEmpty(hub) ? MetricsFilter.UnassignedHub : hub);
}
