namespace JiraQuality.Core.Jira.Client;

/// <summary>Our custom-field keys and the Jira field ids each resolved to, in preference order.</summary>
public sealed class JiraFieldMap
{
    public static readonly IReadOnlyList<string> StandardFields =
        ["summary", "description", "status", "resolution", "reporter", "assignee", "created", "updated", "duedate", "project", "issuetype"];

    private JiraFieldMap(IReadOnlyDictionary<string, IReadOnlyList<string>> idsByKey)
    {
        IdsByKey = idsByKey;
    }

    public IReadOnlyDictionary<string, IReadOnlyList<string>> IdsByKey { get; }

    /// <summary>The explicit field list for search and issue fetches.</summary>
    public IReadOnlyList<string> RequestedFields => StandardFields.Concat(IdsByKey.Values.SelectMany(ids => ids)).Distinct().ToList();

    public static JiraFieldMap Empty { get; } = new(new Dictionary<string, IReadOnlyList<string>>());

    /// <summary>
    /// Resolves each key's aliases by field name (case-insensitive, trimmed) or by id. Every field an alias
    /// matches is kept, so two fields of the same name are both read and merged.
    /// </summary>
    public static JiraFieldMap Resolve(IReadOnlyList<JiraField> fields, IReadOnlyDictionary<string, string[]> aliases)
    {
        var byName = fields.GroupBy(f => f.Name.Trim(), StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, g => g.Select(f => f.Id).ToList(), StringComparer.OrdinalIgnoreCase);
        var byId = fields.Select(f => f.Id).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var result = new Dictionary<string, IReadOnlyList<string>>();
        foreach (var (key, names) in aliases)
        {
            var ids = new List<string>();
            foreach (var name in names)
            {
                if (byName.TryGetValue(name.Trim(), out var matches))
                {
                    ids.AddRange(matches);
                }
                else if (byId.Contains(name.Trim()))
                {
                    ids.Add(name.Trim());
                }
            }

            if (ids.Count > 0)
            {
                result[key] = ids.Distinct().ToList();
            }
        }

        return new JiraFieldMap(result);
    }
}
