using System.Globalization;

namespace JiraQuality.Core.Conversations;

/// <summary>
/// The Jira Service Management outcomes a synced ticket carries among its custom fields: the CSAT stars
/// (<c>jsm_csat_rating</c>) and its SLA cycles (<c>jsm_sla_&lt;name&gt;_breached</c>).
/// </summary>
public static class ServiceDeskFields
{
    public const string CsatRating = "jsm_csat_rating";
    public const string SlaPrefix = "jsm_sla_";
    public const string BreachedSuffix = "_breached";

    /// <summary>The CSAT stars (1–5) and whether any SLA cycle breached; null where the ticket has none.</summary>
    public static (int? Rating, bool? SlaBreached) Read(IReadOnlyDictionary<string, string> fields)
    {
        int? rating = fields.TryGetValue(CsatRating, out var text) && int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var stars) && stars is >= 1 and <= 5
            ? stars
            : null;
        var cycles = fields.Where(f => f.Key.StartsWith(SlaPrefix, StringComparison.Ordinal) && f.Key.EndsWith(BreachedSuffix, StringComparison.Ordinal)).ToList();
        bool? breached = cycles.Count == 0 ? null : cycles.Any(f => f.Value == "true");
        return (rating, breached);
    }
}
