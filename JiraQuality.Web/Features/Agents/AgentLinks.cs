using JiraQuality.Core.Reporting;
using JiraQuality.Core.Reporting.ConversationQueries;
using JiraQuality.Core.Reporting.Dashboard;
using JiraQuality.Web.Features.Dashboard;

namespace JiraQuality.Web.Features.Agents;

/// <summary>Links of the agent pages; an account id (<c>712020:…</c>) is one escaped path segment.</summary>
public static class AgentLinks
{
    public static string Agent(string agent, MetricsWindow window, DateTime? asOfUtc) =>
        "/agents/" + Uri.EscapeDataString(agent) + Query(window, asOfUtc);

    public static string List(MetricsWindow window, DateTime? asOfUtc) => "/agents" + Query(window, asOfUtc);

    /// <summary>The conversation list narrowed to the agent in the same window.</summary>
    public static string Conversations(string agent, MetricsWindow window, DateTime? asOfUtc, ConversationFocus focus = ConversationFocus.All) =>
        "/conversations" + new DashboardView { Window = window, AsOfUtc = asOfUtc, Focus = focus, Filter = MetricsFilter.None with { Agent = agent } }.ToQueryString(includeFocus: true);

    public static string Query(MetricsWindow window, DateTime? asOfUtc) => new DashboardView { Window = window, AsOfUtc = asOfUtc }.ToQueryString();

    /// <summary>The window of a page's query, the dashboard's default when absent or unknown.</summary>
    public static MetricsWindow Window(string? code) => MetricsWindows.TryParse(code, out var window) ? window : MetricsWindows.Default;

    public static DateTime? AsOf(string? text) =>
        MetricsRequestBinding.TryParseInstant(text ?? "", out var asOf) && MetricsRequestBinding.OutOfRange(MetricsRequestBinding.AsOfKey, asOf, text ?? "") is null ? asOf : null;
}
