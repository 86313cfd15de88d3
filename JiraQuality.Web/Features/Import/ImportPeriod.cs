using JiraQuality.Core.Reporting.Dashboard;
using JiraQuality.Web.Features.Dashboard;

namespace JiraQuality.Web.Features.Import;

/// <summary>
/// Where an import's conversations can be seen: the list for exactly their period, and the dashboard window that
/// ends at the newest one (the dashboard compares fixed windows of at most 30 days).
/// </summary>
public sealed record ImportPeriod(DateTime EarliestUtc, DateTime LatestUtc)
{
    public string ListHref => "/conversations" + new DashboardView { FromUtc = EarliestUtc, AsOfUtc = LatestUtc }.ToQueryString();

    /// <summary>The smallest window that holds the whole period, else the 30 days up to its end.</summary>
    public MetricsWindow DashboardWindow => MetricsWindows.All.FirstOrDefault(w => LatestUtc - EarliestUtc <= w.Duration(), MetricsWindow.Last30Days);

    public bool DashboardShowsAll => LatestUtc - EarliestUtc <= DashboardWindow.Duration();

    public string DashboardHref => "/" + new DashboardView { Window = DashboardWindow, AsOfUtc = LatestUtc }.ToQueryString();

    public static ImportPeriod? Of(DateTime? earliestUtc, DateTime? latestUtc) =>
        earliestUtc is { } from && latestUtc is { } to ? new ImportPeriod(from, to) : null;
}
