namespace JiraQuality.Core.Reporting.Exports;

/// <summary>Which processed conversations an analysis export holds; nulls mean no restriction.</summary>
public sealed record AnalysisExportFilter
{
    /// <summary>Conversations that ended at or after this instant.</summary>
    public DateTime? FromUtc { get; init; }

    /// <summary>Conversations that ended before this instant.</summary>
    public DateTime? ToUtc { get; init; }

    public string? ScorerKind { get; init; }
    public string? Hub { get; init; }
    public string? ContactReason { get; init; }
    public string? PrimaryAgent { get; init; }
    public string? IssueKey { get; init; }

    /// <summary>The asking user's hubs (<see cref="Identity.HubScope"/>); null means every hub.</summary>
    public string? AllowedHubs { get; init; }
}
