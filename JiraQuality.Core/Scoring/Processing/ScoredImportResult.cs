using System.Globalization;
using System.Text.Json;
using CsvHelper;
using CsvHelper.Configuration;
using JiraQuality.Core.Jobs;
using JiraQuality.Core.Reporting.Exports;
using JiraQuality.Core.Scoring.Scorers;
using JiraQuality.Core.Scoring.Taxonomy;
using JiraQuality.Core.Storage;
using Microsoft.EntityFrameworkCore;

namespace JiraQuality.Core.Scoring.Processing;

public sealed record ScoredImportResult(string File, string Layout, int Imported, int SkippedBlank, int SkippedExisting)
{
    public string Describe() =>
        $"Imported {Imported} scored conversations from {File} ({Layout}); skipped {SkippedBlank} rows without an issue key and {SkippedExisting} already scored here.";
}
