namespace JiraQuality.Core.Ingestion.Csv;

/// <summary>Tells a quote that was never closed, which swallows the rest of the file, from other broken quoting.</summary>
internal static class CsvQuoting
{
    /// <summary>
    /// True when a field CsvHelper flagged starts with a quote and holds an odd number of them: its quoting never ended,
    /// so the parser ran to the end of the file (a closed field followed by stray text, <c>"ab"cd</c>, has an even count).
    /// </summary>
    public static bool IsUnclosedQuotedField(string rawField)
    {
        var field = rawField.AsSpan().TrimStart(' ');
        return field.StartsWith('"') && field.Count('"') % 2 == 1;
    }

    /// <summary>How many lines a raw field spans (a line break at its very end does not count).</summary>
    public static int LinesSpanned(string rawField)
    {
        var text = rawField.AsSpan().TrimEnd("\r\n");
        var lines = 1;
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '\n' || (text[i] == '\r' && (i + 1 == text.Length || text[i + 1] != '\n')))
            {
                lines++;
            }
        }

        return lines;
    }
}
