namespace JiraQuality.Core.Ingestion.Import;

/// <summary>
/// The total rows of an import while it runs, estimated from the rows read and the share of the files' bytes read. The
/// rows per byte change along a file (long threads, short ones), so the plain estimate moves both ways; shown as a
/// total it must not: it only grows (never below the rows done) until the import ends and reports the real total.
/// </summary>
public sealed class ImportTotalEstimate
{
    private int _total;

    public int Next(int rowsDone, long bytesRead, long totalBytes)
    {
        var share = totalBytes <= 0 ? 0 : Math.Min(1.0, (double)bytesRead / totalBytes);
        var estimate = share > 0 ? (int)Math.Min(int.MaxValue, Math.Round(rowsDone / share)) : rowsDone;
        _total = Math.Max(_total, Math.Max(rowsDone, estimate));
        return _total;
    }
}
