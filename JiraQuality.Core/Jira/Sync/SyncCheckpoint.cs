namespace JiraQuality.Core.Jira.Sync;

/// <summary>How far an incremental sync has got, so the next run starts there.</summary>
public sealed class SyncCheckpoint
{
    public string Name { get; set; } = "";
    public DateTime? UpdatedCursorUtc { get; set; }
    public string? LastIssueKey { get; set; }
    public DateTime? LastRunAtUtc { get; set; }
    public int LastRunIssues { get; set; }

    /// <summary>
    /// JSON object of issue key to <c>updated</c> for the issues already stored whose <c>updated</c> lies in the
    /// window the next run reads again (the checkpoint minus the overlap, floored to the minute). The next run
    /// skips those that are still unchanged before fetching their comments, so they do not count against
    /// <c>--max-issues</c>; without it, a minute holding more tickets than the cap would be read again forever.
    /// </summary>
    public string? CommittedIssuesJson { get; set; }
}
