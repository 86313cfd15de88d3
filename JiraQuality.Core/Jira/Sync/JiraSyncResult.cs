namespace JiraQuality.Core.Jira.Sync;

/// <summary>How a sync went.</summary>
public sealed record JiraSyncResult(
    string Jql,
    bool DryRun,
    int Fetched,
    int Skipped,
    int Created,
    int Updated,
    int Unchanged,
    int Failed,
    int Pages,
    DateTime? CheckpointUtc,
    IReadOnlyList<string> Warnings)
{
    public string Summary => DryRun
        ? $"Dry run: {Fetched} Jira issues match ({Pages} pages)"
          + (Skipped > 0 ? $" and {Skipped} more are already stored unchanged" : "") + "; nothing was written."
        : $"Fetched {Fetched} Jira issues in {Pages} pages: {Created} new, {Updated} changed, {Unchanged} unchanged, {Failed} failed."
          + (Skipped > 0 ? $" {Skipped} already stored and unchanged were passed over." : "")
          + (CheckpointUtc is { } checkpoint ? $" Checkpoint {checkpoint:yyyy-MM-dd HH:mm:ss} UTC." : "");
}
