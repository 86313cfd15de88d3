using System.Text.Json;

namespace JiraQuality.Core.Scoring.Taxonomy;

/// <summary>
/// The contact reasons the LLM must choose from, with optional keyword hints. Read from a JSON file: either
/// <c>{"reasons":[{"label":..., "hints":[...]}]}</c>, an object of label → hints, or (the predecessor's format) an
/// array of labels. <c>Other</c> is always present.
/// </summary>
public sealed class ContactReasonTaxonomy
{
    public const string Other = "Other";
    public const string DefaultFileName = "contact-reasons.json";

    public ContactReasonTaxonomy(IEnumerable<ContactReason> reasons, string source = "")
    {
        var list = new List<ContactReason>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var reason in reasons)
        {
            var label = reason.Label.Trim();
            if (label.Length > 0 && seen.Add(label))
            {
                list.Add(reason with { Label = label });
            }
        }

        if (seen.Add(Other))
        {
            list.Add(new ContactReason(Other, []));
        }

        Reasons = list;
        Source = source;
    }

    public IReadOnlyList<ContactReason> Reasons { get; }

    public IEnumerable<string> Labels => Reasons.Select(r => r.Label);

    /// <summary>Where the taxonomy came from (a file path), for logs and the version string.</summary>
    public string Source { get; }

    /// <summary>A short fingerprint of the labels, so a changed taxonomy re-scores.</summary>
    public string Fingerprint
    {
        get
        {
            var bytes = System.Text.Encoding.UTF8.GetBytes(string.Join('\n', Labels));
            return Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes))[..8];
        }
    }

    /// <summary>The taxonomy label for a raw answer: exact, then case-insensitive, else <c>Other</c>.</summary>
    public (string Label, bool InTaxonomy) Match(string? raw)
    {
        var value = raw?.Trim() ?? "";
        foreach (var reason in Reasons)
        {
            if (string.Equals(reason.Label, value, StringComparison.Ordinal))
            {
                return (reason.Label, true);
            }
        }

        foreach (var reason in Reasons)
        {
            if (string.Equals(reason.Label, value, StringComparison.OrdinalIgnoreCase))
            {
                return (reason.Label, true);
            }
        }

        return (Other, false);
    }

    public static ContactReasonTaxonomy Load(string path)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"Taxonomy file '{path}' does not exist.", path);
        }

        try
        {
            return Parse(File.ReadAllText(path), path);
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"Taxonomy file '{path}' is not valid JSON (line {ex.LineNumber + 1}): {ex.Message}", ex);
        }
    }

    public static ContactReasonTaxonomy Parse(string json, string source = "")
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        var reasons = new List<ContactReason>();
        switch (root.ValueKind)
        {
            case JsonValueKind.Array:
                reasons.AddRange(ReadArray(root, source));
                break;
            case JsonValueKind.Object when root.TryGetProperty("reasons", out var array) && array.ValueKind == JsonValueKind.Array:
                reasons.AddRange(ReadArray(array, source));
                break;
            case JsonValueKind.Object:
                foreach (var property in root.EnumerateObject())
                {
                    reasons.Add(new ContactReason(property.Name, ReadHints(property.Value, source, property.Name)));
                }

                break;
            default:
                throw new InvalidDataException($"Taxonomy '{source}': expected a JSON array or object at the top level.");
        }

        if (reasons.Count == 0)
        {
            throw new InvalidDataException($"Taxonomy '{source}' has no contact reasons.");
        }

        return new ContactReasonTaxonomy(reasons, source);
    }

    private static IEnumerable<ContactReason> ReadArray(JsonElement array, string source)
    {
        var position = 0;
        foreach (var item in array.EnumerateArray())
        {
            position++;
            if (item.ValueKind == JsonValueKind.String)
            {
                yield return new ContactReason(item.GetString()!, []);
            }
            else if (item.ValueKind == JsonValueKind.Object && item.TryGetProperty("label", out var label) && label.ValueKind == JsonValueKind.String)
            {
                yield return new ContactReason(
                    label.GetString()!,
                    item.TryGetProperty("hints", out var hints) ? ReadHints(hints, source, label.GetString()!) : []);
            }
            else
            {
                throw new InvalidDataException($"Taxonomy '{source}': reason #{position} needs a string or an object with a \"label\".");
            }
        }
    }

    private static IReadOnlyList<string> ReadHints(JsonElement hints, string source, string label) => hints.ValueKind switch
    {
        JsonValueKind.Array => [.. hints.EnumerateArray().Select(h => h.ValueKind == JsonValueKind.String
            ? h.GetString()!
            : throw new InvalidDataException($"Taxonomy '{source}': hints of '{label}' must be strings."))],
        JsonValueKind.Null => [],
        _ => throw new InvalidDataException($"Taxonomy '{source}': hints of '{label}' must be an array of strings."),
    };
}
