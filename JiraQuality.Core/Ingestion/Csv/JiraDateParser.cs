using System.Globalization;
using System.Text.RegularExpressions;

namespace JiraQuality.Core.Ingestion.Csv;

/// <summary>
/// Reads the date formats Jira exports use (<c>13/Aug/25 9:13 PM</c>, <c>13/08/2025 21:13</c>, ISO-8601 with or
/// without an offset) and returns UTC. Naive values are wall-clock time in the export's time zone.
/// </summary>
public sealed partial class JiraDateParser
{
    private static readonly string[] NamedMonthFormats =
    [
        "d/MMM/yy h:mm tt", "d/MMM/yy hh:mm tt", "d/MMM/yyyy h:mm tt", "d/MMM/yy H:mm", "d/MMM/yyyy H:mm",
        "d/MMM/yy", "d/MMM/yyyy", "d MMM yyyy HH:mm", "d MMM yyyy h:mm tt", "d-MMM-yyyy HH:mm",
    ];

    private static readonly string[] DayFirstFormats =
    [
        "d/M/yyyy H:mm", "d/M/yyyy H:mm:ss", "d/M/yy H:mm", "d/M/yyyy h:mm tt", "d/M/yy h:mm tt", "d/M/yyyy", "d.M.yyyy H:mm", "d.M.yyyy",
    ];

    private static readonly string[] MonthFirstFormats =
    [
        "M/d/yyyy H:mm", "M/d/yyyy H:mm:ss", "M/d/yy H:mm", "M/d/yyyy h:mm tt", "M/d/yy h:mm tt", "M/d/yyyy",
    ];

    private static readonly string[] NaiveIsoFormats =
    [
        "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF", "yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd HH:mm:ss.FFFFFFF", "yyyy-MM-dd HH:mm", "yyyy-MM-dd",
    ];

    private readonly TimeZoneInfo _timeZone;
    private readonly string[] _naiveFormats;

    public JiraDateParser(TimeZoneInfo timeZone, ExportDateOrder order)
    {
        _timeZone = timeZone;
        _naiveFormats = [.. NamedMonthFormats, .. order == ExportDateOrder.DayFirst ? DayFirstFormats : MonthFirstFormats, .. NaiveIsoFormats];
    }

    public static JiraDateParser FromOptions(IngestionOptions options) => new(ResolveTimeZone(options.ExportTimeZone), options.DateOrder);

    public static TimeZoneInfo ResolveTimeZone(string? id)
    {
        if (string.IsNullOrWhiteSpace(id) || id.Equals("UTC", StringComparison.OrdinalIgnoreCase))
        {
            return TimeZoneInfo.Utc;
        }

        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById(id.Trim());
        }
        catch (TimeZoneNotFoundException)
        {
            throw new InvalidOperationException($"Ingestion:ExportTimeZone '{id}' is not a known time zone (use an IANA id such as Europe/London).");
        }
    }

    /// <summary>Parses <paramref name="text"/>; false when it is not a date in a known format.</summary>
    public bool TryParseUtc(string? text, out DateTime utc)
    {
        utc = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var value = text.Trim();
        if (OffsetPattern().IsMatch(value))
        {
            // Jira's REST format writes offsets without a colon (+0000), which DateTimeOffset does not read.
            var normalised = CompactOffset().Replace(value, "$1$2:$3");
            if (normalised.EndsWith('Z'))
            {
                normalised = normalised[..^1] + "+00:00";
            }

            if (DateTimeOffset.TryParse(normalised, CultureInfo.InvariantCulture, DateTimeStyles.None, out var withOffset))
            {
                utc = withOffset.UtcDateTime;
                return true;
            }

            return false;
        }

        if (!DateTime.TryParseExact(value, _naiveFormats, CultureInfo.InvariantCulture, DateTimeStyles.AllowWhiteSpaces, out var local)
            && !(LocalizedMonthNames.ToEnglish(value) is { } english
                && DateTime.TryParseExact(english, _naiveFormats, CultureInfo.InvariantCulture, DateTimeStyles.AllowWhiteSpaces, out local)))
        {
            return false;
        }

        utc = ToUtc(DateTime.SpecifyKind(local, DateTimeKind.Unspecified));
        return true;
    }

    public DateTime ToUtc(DateTime local)
    {
        if (_timeZone == TimeZoneInfo.Utc)
        {
            return DateTime.SpecifyKind(local, DateTimeKind.Utc);
        }

        // A wall-clock time inside a daylight-saving gap does not exist; read it with the offset before the gap.
        var offset = _timeZone.IsInvalidTime(local) ? _timeZone.GetUtcOffset(local.AddHours(-1)) : _timeZone.GetUtcOffset(local);
        return DateTime.SpecifyKind(local - offset, DateTimeKind.Utc);
    }

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$")]
    private static partial Regex OffsetPattern();

    [GeneratedRegex(@"(.*)([+-]\d{2})(\d{2})$")]
    private static partial Regex CompactOffset();
}
