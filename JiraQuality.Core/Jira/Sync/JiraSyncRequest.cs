using System.Globalization;
using JiraQuality.Core.Jobs;

namespace JiraQuality.Core.Jira.Sync;

/// <summary>What one sync should do; anything left null comes from the <c>Jira</c> settings.</summary>
public sealed record JiraSyncRequest
{
    public string? Project { get; init; }
    public string? StatusCategory { get; init; }
    public DateOnly? StartDate { get; init; }
    public DateOnly? EndDate { get; init; }
    public string? Jql { get; init; }
    public bool DryRun { get; init; }
    public int? MaxIssues { get; init; }
    public bool ForceFullRefresh { get; init; }

    public IReadOnlyDictionary<string, string> ToParameters()
    {
        var parameters = new Dictionary<string, string>();
        void Put(string name, string? value)
        {
            if (!string.IsNullOrWhiteSpace(value))
            {
                parameters[name] = value;
            }
        }

        Put("project", Project);
        Put("statusCategory", StatusCategory);
        Put("startDate", StartDate?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        Put("endDate", EndDate?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        Put("jql", Jql);
        Put("dryRun", DryRun ? "true" : null);
        Put("maxIssues", MaxIssues?.ToString(CultureInfo.InvariantCulture));
        Put("forceFullRefresh", ForceFullRefresh ? "true" : null);
        return parameters;
    }

    public static JiraSyncRequest FromJob(JobRequest job)
    {
        static DateOnly? Date(string? text, string name) =>
            string.IsNullOrWhiteSpace(text) ? null
            : DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) ? date
            : throw new ArgumentException($"Job parameter '{name}' must be a date as yyyy-MM-dd, got '{text}'.");

        var maxIssues = job.Get("maxIssues");
        return new JiraSyncRequest
        {
            Project = job.Get("project"),
            StatusCategory = job.Get("statusCategory"),
            StartDate = Date(job.Get("startDate"), "startDate"),
            EndDate = Date(job.Get("endDate"), "endDate"),
            Jql = job.Get("jql"),
            DryRun = string.Equals(job.Get("dryRun"), "true", StringComparison.OrdinalIgnoreCase),
            MaxIssues = string.IsNullOrWhiteSpace(maxIssues) ? null
                : int.TryParse(maxIssues, CultureInfo.InvariantCulture, out var cap) && cap > 0 ? cap
                : throw new ArgumentException($"Job parameter 'maxIssues' must be a positive whole number, got '{maxIssues}'."),
            ForceFullRefresh = string.Equals(job.Get("forceFullRefresh"), "true", StringComparison.OrdinalIgnoreCase),
        };
    }
}
