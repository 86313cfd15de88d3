using JiraQuality.Core.Reporting;
using JiraQuality.Core.Reporting.ConversationQueries;
using JiraQuality.Core.Reporting.Dashboard;


namespace JiraQuality.Web.Features.Dashboard;

/// <summary>
/// Everything a dashboard or conversation-list view depends on, as it lives in the URL query so a view can be
/// shared and survives a reload. The keys are the API's, so a page URL's query also works on /api/metrics.
/// </summary>
public sealed record DashboardView
{
    public const string EscalationKey = "esc";

    /// <summary>The list's own start instant (an import's period); the window's length is ignored then.</summary>
    public const string FromKey = "from";

    /// <summary>The list's full-text search over thread text (the API's name too).</summary>
    public const string TextKey = "text";

    public MetricsWindow Window { get; init; } = MetricsWindows.Default;
    public DateTime? AsOfUtc { get; init; }

    /// <summary>Lists only: the period starts here instead of one window before <see cref="AsOfUtc"/>.</summary>
    public DateTime? FromUtc { get; init; }

    /// <summary>Lists only: words and "phrases" searched in the redacted thread text, whatever the window.</summary>
    public string? Text { get; init; }

    public string? TimeZone { get; init; }
    public EscalationMode Escalation { get; init; } = EscalationMode.Tier1ToTier2;
    public ConversationFocus Focus { get; init; } = ConversationFocus.All;
    public MetricsFilter Filter { get; init; } = MetricsFilter.None;

    public static DashboardView FromQuery(Func<string, string?> get)
    {
        MetricsWindows.TryParse(get(MetricsRequestBinding.WindowKey), out var window);
        // An instant the queries cannot cover is treated like one that cannot be read: the page shows the present.
        var asOfText = get(MetricsRequestBinding.AsOfKey) ?? "";
        DateTime? asOf = MetricsRequestBinding.TryParseInstant(asOfText, out var parsed) && MetricsRequestBinding.OutOfRange(MetricsRequestBinding.AsOfKey, parsed, asOfText) is null
            ? parsed
            : null;
        var fromText = get(FromKey) ?? "";
        DateTime? from = MetricsRequestBinding.TryParseInstant(fromText, out var parsedFrom) && MetricsRequestBinding.OutOfRange(FromKey, parsedFrom, fromText) is null
            ? parsedFrom
            : null;
        return new DashboardView
        {
            Window = window,
            AsOfUtc = asOf,
            FromUtc = from,
            Text = string.IsNullOrWhiteSpace(get(TextKey)) ? null : get(TextKey)!.Trim(),
            TimeZone = string.IsNullOrWhiteSpace(get(MetricsRequestBinding.TimeZoneKey)) ? null : get(MetricsRequestBinding.TimeZoneKey)!.Trim(),
            Escalation = get(EscalationKey) == "any" ? EscalationMode.Tier1ToAny : EscalationMode.Tier1ToTier2,
            Focus = ConversationFocuses.Parse(get(ConversationFocuses.QueryKey)),
            Filter = MetricsFilter.FromQuery(get),
        };
    }

    /// <summary>Every key of the view, null for defaults, so navigating with it also clears what was unset.</summary>
    public Dictionary<string, object?> ToQuery(bool includeFocus = false)
    {
        var query = new Dictionary<string, object?>(Filter.ToQuery())
        {
            [MetricsRequestBinding.WindowKey] = Window == MetricsWindows.Default ? null : Window.Code(),
            [MetricsRequestBinding.AsOfKey] = AsOfUtc is { } asOf ? MetricsRequestBinding.FormatInstant(asOf) : null,
            [FromKey] = FromUtc is { } from ? MetricsRequestBinding.FormatInstant(from) : null,
            [TextKey] = Text,
            [MetricsRequestBinding.TimeZoneKey] = TimeZone,
            [EscalationKey] = Escalation == EscalationMode.Tier1ToAny ? "any" : null,
            [ConversationFocuses.QueryKey] = includeFocus && Focus != ConversationFocus.All ? Focus.Code() : null,
        };
        return query;
    }

    /// <summary>The query string (with a leading '?', or empty) of the view, for links.</summary>
    public string ToQueryString(bool includeFocus = false)
    {
        var pairs = ToQuery(includeFocus).Where(p => p.Value is not null)
            .Select(p => $"{Uri.EscapeDataString(p.Key)}={Uri.EscapeDataString(p.Value!.ToString()!)}")
            .ToList();
        return pairs.Count == 0 ? "" : "?" + string.Join("&", pairs);
    }

    public MetricsRequest ToRequest() => new() { Window = Window, AsOfUtc = AsOfUtc, Filter = Filter, TimeZoneId = TimeZone };

    public ConversationListRequest ToListRequest() => new() { Window = Window, AsOfUtc = AsOfUtc, FromUtc = FromUtc, Text = Text, Filter = Filter, Focus = Focus };
}
