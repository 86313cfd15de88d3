namespace JiraQuality.Core.Ingestion.Import;

/// <summary>A problem found at a place in a file: the line, the column when known, the value and why.</summary>
public sealed record ImportIssue(int Line, string? Column, string? Value, string Message)
{
    public override string ToString()
    {
        var where = new List<string>(3);
        if (Line > 0)
        {
            where.Add($"line {Line}");
        }

        if (Column is not null)
        {
            where.Add($"column '{Column}'");
        }

        if (Value is not null)
        {
            where.Add($"value '{Shorten(Value)}'");
        }

        return where.Count == 0 ? Message : $"{string.Join(", ", where)}: {Message}";
    }

    private static string Shorten(string value) => value.Length <= 60 ? value : value[..57] + "...";
}
