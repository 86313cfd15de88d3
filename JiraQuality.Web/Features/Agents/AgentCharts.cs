using JiraQuality.Core.Reporting.Dashboard;
using JiraQuality.Web.Components.Shared;


namespace JiraQuality.Web.Features.Agents;

/// <summary>An agent's trend drawn against the team's, bucket by bucket, on the dashboard's chart style.</summary>
public static class AgentCharts
{
    public static object VersusTeam(TrendSeries agent, TrendSeries team, string title, Func<TrendPoint, double?> value, int decimals) => new
    {
        chart = ApexChartOptions.Frame("line", 260),
        title = new { text = title, style = new { fontSize = "14px", fontWeight = 500 } },
        series = new object[]
        {
            new { name = "This agent", data = agent.Current.Select(p => ApexChartOptions.Round(value(p), decimals)).ToArray() },
            new { name = "Team", data = team.Current.Select(p => ApexChartOptions.Round(value(p), decimals)).ToArray() },
        },
        colors = new[] { "#2563eb", "#64748b" },
        stroke = new { width = new[] { 2, 2 }, dashArray = new[] { 0, 5 }, curve = "straight" },
        dataLabels = new { enabled = false },
        markers = new { size = 0 },
        xaxis = ApexChartOptions.TimeAxis(agent),
        yaxis = new { decimalsInFloat = decimals, min = 0, forceNiceScale = true },
        legend = new { position = "top", horizontalAlign = "left" },
        tooltip = new { shared = true, intersect = false },
        noData = new { text = "No conversations in this window" },
    };
}
