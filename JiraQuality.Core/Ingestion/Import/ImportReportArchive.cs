using System.Collections.Concurrent;

namespace JiraQuality.Core.Ingestion.Import;

/// <summary>
/// The full reports of recent imports run as jobs, by the report id the requester put in the job's
/// parameters: a job's stored result is a summary line, the page shows every rejected row.
/// </summary>
public sealed class ImportReportArchive
{
    private const int Capacity = 50;
    private readonly ConcurrentDictionary<string, ImportReport> _reports = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> _order = new();

    public void Put(string reportId, ImportReport report)
    {
        _reports[reportId] = report;
        _order.Enqueue(reportId);
        while (_order.Count > Capacity && _order.TryDequeue(out var oldest))
        {
            _reports.TryRemove(oldest, out _);
        }
    }

    public ImportReport? Get(string reportId) => _reports.TryGetValue(reportId, out var report) ? report : null;
}
