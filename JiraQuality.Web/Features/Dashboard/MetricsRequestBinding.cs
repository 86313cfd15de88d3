using System.Globalization;
using JiraQuality.Core.Reporting;
using JiraQuality.Core.Reporting.ConversationQueries;
using JiraQuality.Core.Reporting.Dashboard;

namespace JiraQuality.Web.Features.Dashboard;

/// <summary>Reads window, as-of instant, time zone, focus and filters from a query string, naming the bad field.</summary>
public static class MetricsRequestBinding
{
    public const string WindowKey = "window";
    public const string AsOfKey = "asOf";
    public const string TimeZoneKey = "tz";

    /// <summary>The earliest instant a query may name: windows, previous periods and trend buckets all stay in range from here.</summary>
    public static readonly DateTime EarliestInstant = new(2000, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    /// <summary>The first instant a query may no longer name.</summary>
    public static readonly DateTime EndOfInstants = new(2100, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    /// <summary>Null when <paramref name="utc"/> is in the supported range, else the message for query field <paramref name="key"/>.</summary>
    public static string? OutOfRange(string key, DateTime utc, string text) =>
        utc >= EarliestInstant && utc < EndOfInstants
            ? null
            : $"Query field '{key}' must be an instant from {FormatInstant(EarliestInstant)} up to {FormatInstant(EndOfInstants)} (got '{text}').";

    public static bool TryRead(IQueryCollection query, out MetricsRequest request, out ConversationFocus focus, out string? error)
    {
        request = new MetricsRequest();
        focus = ConversationFocus.All;
        error = null;
        var window = MetricsWindows.Default;
        if (query.TryGetValue(WindowKey, out var windowText) && !string.IsNullOrWhiteSpace(windowText) && !MetricsWindows.TryParse(windowText, out window))
        {
            error = $"Query field '{WindowKey}' must be 24h, 7d or 30d (got '{windowText}').";
            return false;
        }

        DateTime? asOf = null;
        if (query.TryGetValue(AsOfKey, out var asOfText) && !string.IsNullOrWhiteSpace(asOfText))
        {
            if (!TryParseInstant(asOfText!, out var parsed))
            {
                error = $"Query field '{AsOfKey}' must be an ISO 8601 instant such as 2026-01-31T12:00:00Z (got '{asOfText}').";
                return false;
            }

            if (OutOfRange(AsOfKey, parsed, asOfText!) is { } outOfRange)
            {
                error = outOfRange;
                return false;
            }

            asOf = parsed;
        }

        string? zone = query.TryGetValue(TimeZoneKey, out var zoneText) && !string.IsNullOrWhiteSpace(zoneText) ? zoneText.ToString() : null;
        if (zone is not null)
        {
            try
            {
                TrendBuckets.ResolveZone(zone);
            }
            catch (ArgumentException ex)
            {
                error = $"Query field '{TimeZoneKey}': {ex.Message.Split(" (Parameter")[0]}";
                return false;
            }
        }

        if (query.TryGetValue(ConversationFocuses.QueryKey, out var focusText) && !string.IsNullOrWhiteSpace(focusText))
        {
            focus = ConversationFocuses.Parse(focusText);
            if (focus.Code() != focusText.ToString().Trim().ToLowerInvariant())
            {
                error = $"Query field '{ConversationFocuses.QueryKey}' is not a known list (got '{focusText}').";
                return false;
            }
        }

        var resolved = query.TryGetValue(MetricsFilter.Keys.Resolved, out var resolvedText) ? resolvedText.ToString() : null;
        if (!string.IsNullOrWhiteSpace(resolved) && resolved.Trim().ToLowerInvariant() is not ("true" or "false" or "yes" or "no" or "1" or "0"))
        {
            error = $"Query field '{MetricsFilter.Keys.Resolved}' must be true or false (got '{resolved}').";
            return false;
        }

        var breached = query.TryGetValue(MetricsFilter.Keys.SlaBreached, out var breachedText) ? breachedText.ToString() : null;
        if (!string.IsNullOrWhiteSpace(breached) && breached.Trim().ToLowerInvariant() is not ("true" or "false" or "yes" or "no" or "1" or "0"))
        {
            error = $"Query field '{MetricsFilter.Keys.SlaBreached}' must be true or false (got '{breached}').";
            return false;
        }

        var csat = query.TryGetValue(MetricsFilter.Keys.Csat, out var csatText) ? csatText.ToString() : null;
        if (!string.IsNullOrWhiteSpace(csat) && MetricsFilter.ParseCsat(csat) is null)
        {
            error = $"Query field '{MetricsFilter.Keys.Csat}' must be a rating from 1 to 5 or '{MetricsFilter.AnyCsat}' (got '{csat}').";
            return false;
        }

        request = new MetricsRequest
        {
            Window = window,
            AsOfUtc = asOf,
            TimeZoneId = zone,
            Filter = MetricsFilter.FromQuery(key => query.TryGetValue(key, out var value) ? value.ToString() : null),
        };
        return true;
    }

    public static bool TryParseInstant(string text, out DateTime utc)
    {
        if (DateTimeOffset.TryParse(text.Trim(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var parsed))
        {
            utc = parsed.UtcDateTime;
            return true;
        }

        utc = default;
        return false;
    }

    public static string FormatInstant(DateTime utc) => utc.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
}
