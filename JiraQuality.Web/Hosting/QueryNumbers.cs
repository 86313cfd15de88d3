using System.Globalization;

namespace JiraQuality.Web.Hosting;

/// <summary>
/// Whole numbers from a query string, checked against their allowed range with a message naming the field: out of range
/// is a 400, never clamped to something the caller did not ask for and never left to overflow.
/// </summary>
public static class QueryNumbers
{
    public static bool TryRead(IQueryCollection query, string key, int min, int max, int fallback, out int value, out string? error)
    {
        value = fallback;
        error = null;
        if (!query.TryGetValue(key, out var values) || string.IsNullOrWhiteSpace(values))
        {
            return true;
        }

        var text = values.ToString().Trim();
        if (!long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number) || number < min || number > max)
        {
            error = string.Create(CultureInfo.InvariantCulture, $"Query field '{key}' must be a whole number from {min} to {max} (got '{text}').");
            return false;
        }

        value = (int)number;
        return true;
    }
}
