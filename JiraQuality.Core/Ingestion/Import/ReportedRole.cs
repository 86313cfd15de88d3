namespace JiraQuality.Core.Ingestion.Import;

/// <summary>The side of a comment as the import report counts it: automation is told apart from unknown.</summary>
public enum ReportedRole
{
    Agent,
    Customer,
    Automation,
    Unknown,
}
