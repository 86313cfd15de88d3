using JiraQuality.Core.Reporting;
using JiraQuality.Web.Features.Dashboard;

namespace JiraQuality.Web.Features.Conversations;

/// <summary>Builds the list view from the query values a page received.</summary>
public static class ConversationViews
{
    public static DashboardView Read(
        string? window, string? asOf, string? focus, string? agent, string? tier, string? hub, string? status, string? reason, string? resolved, string? sentiment, string? search, string? from = null, string? text = null, string? csat = null, string? slaBreached = null)
    {
        var values = new Dictionary<string, string?>
        {
            ["window"] = window,
            ["asOf"] = asOf,
            ["focus"] = focus,
            ["agent"] = agent,
            ["tier"] = tier,
            ["hub"] = hub,
            ["status"] = status,
            ["reason"] = reason,
            ["resolved"] = resolved,
            ["sentiment"] = sentiment,
            ["q"] = search,
            [DashboardView.FromKey] = from,
            [DashboardView.TextKey] = text,
            [MetricsFilter.Keys.Csat] = csat,
            [MetricsFilter.Keys.SlaBreached] = slaBreached,
        };
        return DashboardView.FromQuery(key => values.GetValueOrDefault(key));
    }
}
