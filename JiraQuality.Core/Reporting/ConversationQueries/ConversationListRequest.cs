using JiraQuality.Core.Reporting.Dashboard;

namespace JiraQuality.Core.Reporting.ConversationQueries;

/// <summary>Which conversations a list shows: a window ending at an instant, filters and a KPI focus.</summary>
public sealed record ConversationListRequest
{
    public MetricsWindow Window { get; init; } = MetricsWindows.Default;
    public DateTime? AsOfUtc { get; init; }

    /// <summary>When set, the list starts here (an import's period) instead of one window before the as-of instant.</summary>
    public DateTime? FromUtc { get; init; }

    public MetricsFilter Filter { get; init; } = MetricsFilter.None;

    /// <summary>
    /// Full-text search over the redacted thread text (<see cref="Conversations.Search.TextSearch"/>); like a whole issue key it finds
    /// tickets whatever the window, and every other filter still applies. A text with no word matches nothing.
    /// </summary>
    public string? Text { get; init; }

    public ConversationFocus Focus { get; init; } = ConversationFocus.All;
    public ConversationSort Sort { get; init; } = ConversationSort.Ended;
    public bool Descending { get; init; } = true;
    public int Page { get; init; }
    public int PageSize { get; init; } = 25;
}
