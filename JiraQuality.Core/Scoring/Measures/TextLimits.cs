using System.Globalization;

namespace JiraQuality.Core.Scoring.Measures;

public static class TextLimits
{
    /// <summary>The trimmed text, or its first <paramref name="max"/> − 3 characters and "..." when longer.</summary>
    public static string Shorten(string text, int max)
    {
        var trimmed = text.Trim();
        return trimmed.Length <= max ? trimmed : string.Concat(trimmed.AsSpan(0, max - 3).TrimEnd(), "...");
    }

    /// <summary>Parses an optional ISO-8601 date or instant as UTC; an empty text is a valid "no bound".</summary>
    public static bool TryParseInstant(string? text, out DateTime? value)
    {
        value = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            return true;
        }

        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var parsed))
        {
            value = parsed.UtcDateTime;
            return true;
        }

        return false;
    }
}
