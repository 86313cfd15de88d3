using JiraQuality.Core.Ingestion.Import;
using JiraQuality.Core.Jobs;

namespace JiraQuality.Web.Features.Import;

/// <summary>One job started by an upload on the Import page, and how it ended once it has.</summary>
public sealed class ImportPageJob(Guid jobId, string kind, IReadOnlyList<string> fileNames, string? reportId)
{
    public Guid JobId { get; } = jobId;

    /// <summary><see cref="JobKinds.CsvImport"/> (followed by processing) or <see cref="JobKinds.ScoredCsvImport"/>.</summary>
    public string Kind { get; } = kind;

    public IReadOnlyList<string> FileNames { get; } = fileNames;

    /// <summary>Where the CSV import job keeps its full report in the <see cref="ImportReportArchive"/>.</summary>
    public string? ReportId { get; } = reportId;

    /// <summary>The job's final state; null while it is queued or running.</summary>
    public JobSnapshot? Finished { get; internal set; }

    public bool IsActive => Finished is null;
}
