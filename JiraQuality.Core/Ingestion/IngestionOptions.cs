using System.ComponentModel.DataAnnotations;
using JiraQuality.Core.Ingestion.Roles;

namespace JiraQuality.Core.Ingestion;

/// <summary>Bound from the <c>Ingestion</c> section of appsettings.json.</summary>
public sealed class IngestionOptions
{
    public const string SectionName = "Ingestion";

    /// <summary>IANA or Windows id of the time zone the exporting user saw; naive export dates are in it.</summary>
    public string ExportTimeZone { get; set; } = "UTC";

    /// <summary>How numeric dates such as 03/04/2025 are read; Jira's own default is day first.</summary>
    public ExportDateOrder DateOrder { get; set; } = ExportDateOrder.DayFirst;

    /// <summary>Files above this size are refused before reading.</summary>
    [Range(1L, long.MaxValue, ErrorMessage = "Ingestion:MaxFileSizeBytes must be above 0.")]
    public long MaxFileSizeBytes { get; set; } = 200L * 1024 * 1024;

    /// <summary>Tickets committed together; a failure rolls back at most one batch.</summary>
    [Range(1, int.MaxValue, ErrorMessage = "Ingestion:BatchSize must be above 0.")]
    public int BatchSize { get; set; } = 200;

    /// <summary>Token budget of a conversation's redacted transcript; longer ones are trimmed in the middle.</summary>
    [Range(64, int.MaxValue, ErrorMessage = "Ingestion:TokenBudget must be at least 64.")]
    public int TokenBudget { get; set; } = 12_000;

    // Null until bound: the configuration binder appends to a non-empty default array instead of replacing it.

    /// <summary>
    /// Account-id prefixes that mark service-desk staff; none by default (in Jira Cloud <c>712020:</c> is just the newer
    /// account-id shape, customers included). Roles come from evidence (see <see cref="RoleResolver"/>).
    /// </summary>
    public string[]? AgentAccountPrefixes { get; set; }

    /// <summary>Account-id prefixes of portal customers; default <c>qm:</c>.</summary>
    public string[]? CustomerAccountPrefixes { get; set; }

    public IReadOnlyList<string> EffectiveAgentAccountPrefixes => AgentAccountPrefixes ?? [];

    public IReadOnlyList<string> EffectiveCustomerAccountPrefixes => CustomerAccountPrefixes is { Length: > 0 } p ? p : ["qm:"];

    /// <summary>
    /// CSV exports do not say which comments are internal. When true (the default), an agent's comment that opens by
    /// addressing someone who is not a customer of the ticket, or carries the <c>----</c> + <c>*Note:</c> marker, is
    /// taken as an internal note; when false every CSV comment is public. Sources with Jira's flag keep it.
    /// </summary>
    public bool InferInternalNotes { get; set; } = true;

    /// <summary>Tier given to a staff account that matches an agent prefix but is not in the agent directory.</summary>
    public string UnlistedAgentTier { get; set; } = "Tier 1";

    /// <summary>Agent directory CSV in the data folder, loaded when the directory table is empty.</summary>
    public string AgentDirectoryFile { get; set; } = "agent_directory.csv";

    /// <summary>Most rejected rows and warnings kept in one file's report; the rest are only counted.</summary>
    [Range(0, int.MaxValue, ErrorMessage = "Ingestion:MaxReportEntries must be 0 or more.")]
    public int MaxReportEntries { get; set; } = 500;
}
