using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;
using JiraQuality.Core.Agents.Directory;
using JiraQuality.Core.Ingestion.Csv;
using JiraQuality.Core.Ingestion.Roles;

namespace JiraQuality.Core.Ingestion;

/// <summary>Which way round a numeric day/month date is written in an export.</summary>
public enum ExportDateOrder
{
    DayFirst,
    MonthFirst,
}
