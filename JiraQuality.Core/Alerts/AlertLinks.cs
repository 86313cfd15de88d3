using JiraQuality.Core.Jira;

namespace JiraQuality.Core.Alerts;

/// <summary>Where an alert links to.</summary>
public sealed record AlertLinks(string? Url, string? DashboardUrl)
{
    public static AlertLinks For(string? issueKey, JiraOptions jira, AlertsOptions options)
    {
        if (issueKey is null)
        {
            return new AlertLinks(string.IsNullOrWhiteSpace(options.PublicUrl) ? null : options.PublicUrl.TrimEnd('/') + "/", null);
        }

        var escaped = Uri.EscapeDataString(issueKey);
        var dashboard = string.IsNullOrWhiteSpace(options.PublicUrl) ? null : $"{options.PublicUrl.TrimEnd('/')}/conversations/{escaped}";
        var jiraLink = Uri.TryCreate(jira.BaseUrl, UriKind.Absolute, out var site) ? $"{site.GetLeftPart(UriPartial.Authority)}/browse/{escaped}" : null;
        return new AlertLinks(jiraLink ?? dashboard, dashboard);
    }
}
