using System.ComponentModel.DataAnnotations;

namespace JiraQuality.Core.Jira;

/// <summary>Bound from the <c>Schedule</c> section: the in-process refresh schedule.</summary>
public sealed class ScheduleOptions
{
    public const string SectionName = "Schedule";

    /// <summary>Runs only when Jira is configured as well.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Five-field cron expression, evaluated in UTC.</summary>
    [Required(ErrorMessage = "Schedule:Cron is required: a five-field cron expression.")]
    public string Cron { get; set; } = "*/30 * * * *";
}
