using System.Globalization;

namespace JiraQuality.Web.Features.Conversations;

/// <summary>
/// What Jira Service Management itself recorded for a ticket (synced into the custom fields as <c>jsm_sla_*</c> and
/// <c>jsm_csat_*</c>): its SLA cycles and the customer's satisfaction rating, shown beside our own timings.
/// </summary>
public sealed record ServiceDeskOutcome(IReadOnlyList<ServiceDeskSla> Slas, int? CsatRating, string? CsatComment)
{
    private const string SlaPrefix = "jsm_sla_";
    private const string BreachedSuffix = "_breached";

    public bool IsEmpty => Slas.Count == 0 && CsatRating is null && CsatComment is null;

    public static ServiceDeskOutcome From(IReadOnlyDictionary<string, string>? fields)
    {
        if (fields is null || fields.Count == 0)
        {
            return new ServiceDeskOutcome([], null, null);
        }

        var slas = fields.Keys
            .Where(k => k.StartsWith(SlaPrefix, StringComparison.Ordinal) && k.EndsWith(BreachedSuffix, StringComparison.Ordinal))
            .Select(k => k[SlaPrefix.Length..^BreachedSuffix.Length])
            .Where(name => name.Length > 0)
            .Order(StringComparer.Ordinal)
            .Select(name => new ServiceDeskSla(
                Readable(name),
                fields.GetValueOrDefault($"{SlaPrefix}{name}{BreachedSuffix}") == "true",
                double.TryParse(fields.GetValueOrDefault($"{SlaPrefix}{name}_elapsed_minutes"), NumberStyles.Float, CultureInfo.InvariantCulture, out var minutes) ? minutes : null,
                int.TryParse(fields.GetValueOrDefault($"{SlaPrefix}{name}_cycles"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var cycles) ? cycles : null))
            .ToList();
        int? rating = int.TryParse(fields.GetValueOrDefault("jsm_csat_rating"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var stars) ? stars : null;
        var comment = fields.GetValueOrDefault("jsm_csat_comment") is { Length: > 0 } text ? text : null;
        return new ServiceDeskOutcome(slas, rating, comment);
    }

    /// <summary>"time_to_first_response" as "Time to first response".</summary>
    private static string Readable(string name)
    {
        var words = name.Replace('_', ' ').Trim();
        return words.Length == 0 ? name : char.ToUpperInvariant(words[0]) + words[1..];
    }
}
