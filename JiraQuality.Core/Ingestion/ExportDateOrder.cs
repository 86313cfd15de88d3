namespace JiraQuality.Core.Ingestion;

/// <summary>Which way round a numeric day/month date is written in an export.</summary>
public enum ExportDateOrder
{
    DayFirst,
    MonthFirst,
}
