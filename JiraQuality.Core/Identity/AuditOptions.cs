using System.ComponentModel.DataAnnotations;

namespace JiraQuality.Core.Identity;

public sealed class AuditOptions
{
    public const string SectionName = "Audit";
    public const int MaxRetentionDays = 36500;

    /// <summary>Audit entries older than this many days are deleted by the daily cleanup.</summary>
    [Range(1, MaxRetentionDays, ErrorMessage = "Audit:RetentionDays must be a whole number of days from 1 to 36500.")]
    public int RetentionDays { get; set; } = 365;
}
