using System.ComponentModel.DataAnnotations;
namespace JiraQuality.Core.Reporting;

/// <summary>Bound from the <c>Metrics</c> section of appsettings.json.</summary>
public sealed class MetricsOptions
{
    public const string SectionName = "Metrics";

    /// <summary>An agent needs at least this many scored conversations in the window to be ranked.</summary>
    [Range(1, int.MaxValue, ErrorMessage = "Metrics:TopAgentsMinimumConversations must be at least 1.")]
    public int TopAgentsMinimumConversations { get; set; } = 5;

    /// <summary>
    /// Weight, in conversations, of the team mean that every agent's mean is pulled towards before
    /// ranking, so a handful of lucky tickets cannot top the list.
    /// </summary>
    [Range(0d, 1_000_000d, ErrorMessage = "Metrics:TopAgentsPriorWeight must be from 0 to 1000000.")]
    public double TopAgentsPriorWeight { get; set; } = 10;

    [Range(1, 1000, ErrorMessage = "Metrics:TopAgentsLimit must be from 1 to 1000.")]
    public int TopAgentsLimit { get; set; } = 5;

    [Range(1, 1000, ErrorMessage = "Metrics:AbusiveCustomersLimit must be from 1 to 1000.")]
    public int AbusiveCustomersLimit { get; set; } = 5;

    /// <summary>Agents whose profane-conversation share in the window is at least this are flagged.</summary>
    [Range(0d, 1d, ErrorMessage = "Metrics:FlaggedAgentShareThreshold must be a share from 0 to 1.")]
    public double FlaggedAgentShareThreshold { get; set; } = 0.05;

    [Range(1, 1000, ErrorMessage = "Metrics:ContactReasonsLimit must be from 1 to 1000.")]
    public int ContactReasonsLimit { get; set; } = 10;

    [Range(0, 100, ErrorMessage = "Metrics:TipsLimit must be from 0 to 100.")]
    public int TipsLimit { get; set; } = 3;

    /// <summary>Time zone of the trend buckets when a request names none (IANA or Windows id).</summary>
    public string DefaultTimeZone { get; set; } = "UTC";

    /// <summary>
    /// Sum whole hours of an unfiltered view from the hourly rollup instead of the rows (same figures, far fewer rows
    /// read). Off reads every view from the rows, which is the reference the rollup is tested against.
    /// </summary>
    public bool UseHourlyRollup { get; set; } = true;
}
