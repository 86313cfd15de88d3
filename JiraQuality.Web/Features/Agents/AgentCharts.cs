using JiraQuality.Core.Metrics;
using JiraQuality.Web.Features.Dashboard;

namespace JiraQuality.Web.Features.Agents;

/// <summary>An agent's trend drawn against the team's, bucket by bucket, on the dashboard's chart style.</summary>
public static class AgentCharts
{
    public static object VersusTeam(TrendSeries agent, TrendSeries team, string title, Func<TrendPoint, double?> value, int decimals) => new
    {
        chart = new
        {
            type = "line",
            height = 260,
            background = "transparent",
            foreColor = "currentColor",
            fontFamily = "inherit",
            toolbar = new { show = false },
            zoom = new { enabled = false },
            animations = new { enabled = false },
        },
        title = new { text = title, style = new { fontSize = "14px", fontWeight = 500 } },
        series = new object[]
        {
            new { name = "This agent", data = agent.Current.Select(p => Round(value(p), decimals)).ToArray() },
            new { name = "Team", data = team.Current.Select(p => Round(value(p), decimals)).ToArray() },
        },
        colors = new[] { "#2563eb", "#64748b" },
        stroke = new { width = new[] { 2, 2 }, dashArray = new[] { 0, 5 }, curve = "straight" },
        dataLabels = new { enabled = false },
        markers = new { size = 0 },
        xaxis = new
        {
            categories = ChartOptions.Categories(agent),
            tickAmount = Math.Min(agent.Buckets.Count, 12),
            labels = new { rotate = -45, hideOverlappingLabels = true },
            title = new { text = agent.Hourly ? $"Hour ({agent.TimeZoneId})" : $"Day ({agent.TimeZoneId})" },
        },
        yaxis = new { decimalsInFloat = decimals, min = 0, forceNiceScale = true },
        legend = new { position = "top", horizontalAlign = "left" },
        tooltip = new { shared = true, intersect = false },
        noData = new { text = "No conversations in this window" },
    };

    private static double? Round(double? value, int decimals) => value is { } v ? Math.Round(v, decimals) : null;
}
