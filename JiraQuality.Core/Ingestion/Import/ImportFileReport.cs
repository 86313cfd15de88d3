namespace JiraQuality.Core.Ingestion.Import;

/// <summary>What happened to one file.</summary>
public sealed class ImportFileReport(string fileName, int maxEntries)
{
    private readonly List<ImportIssue> _rejected = [];
    private readonly List<ImportIssue> _warnings = [];
    private readonly Lock _gate = new();

    public string FileName { get; } = fileName;
    public int RowsRead { get; set; }
    public int Created { get; set; }
    public int Updated { get; set; }
    public int Unchanged { get; set; }
    public int RejectedCount { get; private set; }
    public int WarningCount { get; private set; }
    public IReadOnlyList<ImportIssue> Rejected => _rejected;
    public IReadOnlyList<ImportIssue> Warnings => _warnings;

    /// <summary>Why the file was refused or stopped; null when it was read to the end.</summary>
    public ImportIssue? Error { get; set; }

    public TimeSpan Duration { get; set; }

    /// <summary>Rows whose every cell is empty (Excel leaves them): skipped and counted, not rejected.</summary>
    public int BlankRowsSkipped { get; set; }

    /// <summary>The field delimiter the header was read with ("," unless the file was saved with ";" or tabs).</summary>
    public string? Delimiter { get; set; }

    /// <summary>Tickets, comments and authors by role, inferred internal notes.</summary>
    public ImportContentCounts Content { get; } = new();

    public bool Succeeded => Error is null;

    public int Stored => Created + Updated + Unchanged;

    // The reading and the writing side of an import report from two threads.
    public void Reject(ImportIssue issue)
    {
        lock (_gate)
        {
            RejectedCount++;
            if (_rejected.Count < maxEntries)
            {
                _rejected.Add(issue);
            }
        }
    }

    public void Warn(ImportIssue issue)
    {
        lock (_gate)
        {
            WarningCount++;
            if (_warnings.Count < maxEntries)
            {
                _warnings.Add(issue);
            }
        }
    }
}
