using System.Globalization;
using System.Text;

namespace JiraQuality.Core.Review;

/// <summary>Checks a scorecard before it is saved; each problem names the category's row and field.</summary>
public static class ScorecardValidation
{
    public const int MaxCategories = 40;
    public const int MaxNameLength = 80;
    public const int MaxDescriptionLength = 500;
    public const double MaxWeight = 100;

    public static IReadOnlyList<string> Validate(IReadOnlyList<ScorecardCategory> categories)
    {
        var problems = new List<string>();
        if (categories.Count > MaxCategories)
        {
            problems.Add($"A scorecard has at most {MaxCategories} categories.");
        }

        foreach (var ai in AiCategories.All)
        {
            if (!categories.Any(c => c.Key == ai))
            {
                problems.Add($"The AI category {ai} is always on the scorecard.");
            }
        }

        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var keys = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < categories.Count; i++)
        {
            var category = categories[i];
            var row = $"Category {i + 1}";
            if (string.IsNullOrWhiteSpace(category.Name))
            {
                problems.Add($"{row}: a name is required.");
            }
            else if (category.Name.Trim().Length > MaxNameLength)
            {
                problems.Add($"{row}: the name is longer than {MaxNameLength} characters.");
            }
            else if (!names.Add(category.Name.Trim()))
            {
                problems.Add($"{row}: the name '{category.Name.Trim()}' is used twice.");
            }

            if (!string.IsNullOrWhiteSpace(category.Name) && (category.Key.Length == 0 || !keys.Add(category.Key)))
            {
                problems.Add($"{row}: the key '{category.Key}' is empty or used twice.");
            }

            if (!ScorecardScales.All.Contains(category.Scale))
            {
                problems.Add($"{row}: the scale must be one of {string.Join(", ", ScorecardScales.All)}.");
            }
            else if (category.IsAi && category.Scale != ScorecardScales.OneToFive)
            {
                problems.Add($"{row}: the AI category {category.Key} is scored 1–5.");
            }

            if (double.IsNaN(category.Weight) || category.Weight <= 0 || category.Weight > MaxWeight)
            {
                problems.Add($"{row}: the weight must be more than 0 and at most {MaxWeight.ToString(CultureInfo.InvariantCulture)}.");
            }

            if ((category.Description ?? "").Length > MaxDescriptionLength)
            {
                problems.Add($"{row}: the description is longer than {MaxDescriptionLength} characters.");
            }
        }

        return problems;
    }

    /// <summary>A stable key for a new category from its name: lower-case words joined by '_', unique among <paramref name="taken"/>.</summary>
    public static string KeyFor(string name, IEnumerable<string> taken)
    {
        var builder = new StringBuilder();
        foreach (var c in name.Trim().ToLowerInvariant())
        {
            if (char.IsAsciiLetterOrDigit(c))
            {
                builder.Append(c);
            }
            else if (builder.Length > 0 && builder[^1] != '_')
            {
                builder.Append('_');
            }
        }

        var key = builder.ToString().Trim('_');
        if (key.Length == 0)
        {
            key = "category";
        }

        key = key.Length > 60 ? key[..60] : key;
        var used = new HashSet<string>(taken, StringComparer.OrdinalIgnoreCase);
        var candidate = key;
        for (var n = 2; used.Contains(candidate); n++)
        {
            candidate = $"{key}_{n}";
        }

        return candidate;
    }
}
