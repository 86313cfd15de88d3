namespace JiraQuality.Core.Ingestion.Import;

/// <summary>What an uploaded CSV holds: a Jira export of tickets, or scored conversations in the predecessor's analysis layout.</summary>
public enum ImportFileKind
{
    JiraExport,
    ScoredCsv,
}
