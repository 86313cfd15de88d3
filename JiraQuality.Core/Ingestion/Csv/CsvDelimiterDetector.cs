namespace JiraQuality.Core.Ingestion.Csv;

/// <summary>
/// Finds the field delimiter from the header line: Jira writes commas, but a file re-saved by Excel in a European
/// locale has semicolons, and some tools write tabs. The character (outside quotes) that splits the header most wins;
/// a tie or a one-column header keeps the comma.
/// </summary>
public static class CsvDelimiterDetector
{
    public const string Comma = ",";

    private static readonly char[] Candidates = [',', ';', '\t'];

    /// <summary>Reads the header line from the start of the file (bytes, UTF-8 or a single-byte encoding).</summary>
    public static string Detect(ReadOnlySpan<byte> head)
    {
        Span<int> counts = stackalloc int[Candidates.Length];
        var quoted = false;
        foreach (var b in head)
        {
            var c = (char)b;
            if (c == '"')
            {
                quoted = !quoted;
                continue;
            }

            if (!quoted && c is '\n' or '\r')
            {
                break;
            }

            if (!quoted)
            {
                var index = Array.IndexOf(Candidates, c);
                if (index >= 0)
                {
                    counts[index]++;
                }
            }
        }

        var best = 0;
        for (var i = 1; i < Candidates.Length; i++)
        {
            if (counts[i] > counts[best])
            {
                best = i;
            }
        }

        return Candidates[best].ToString();
    }
}
