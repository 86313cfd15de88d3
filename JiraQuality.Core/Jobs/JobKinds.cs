namespace JiraQuality.Core.Jobs;

/// <summary>The kinds of long work the job runner knows.</summary>
public static class JobKinds
{
    public const string CsvImport = "csv-import";
    public const string ScoredCsvImport = "scored-csv-import";
    public const string Processing = "processing";
    public const string JiraSync = "jira-sync";
    public const string Refresh = "refresh";
    public const string Rescore = "rescore";

    /// <summary>Derives roles and tiers of stored conversations again from the current agent directory.</summary>
    public const string ReapplyRoles = "reapply-roles";
}
