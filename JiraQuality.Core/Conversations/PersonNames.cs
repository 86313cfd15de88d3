namespace JiraQuality.Core.Conversations;

/// <summary>
/// Display names by account id, as the tickets themselves carry them (the reporter and assignee columns beside their
/// account ids). Conversations name authors by account id (<c>712020:…</c>, <c>qm:…</c>); pages show these names and
/// keep the ids for links and filters.
/// </summary>
public sealed class PersonNames
{
    public static readonly PersonNames Empty = new(new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase));

    private readonly IReadOnlyDictionary<string, string> _byId;

    public PersonNames(IReadOnlyDictionary<string, string> byId) => _byId = byId;

    public int Count => _byId.Count;

    /// <summary>The name of an account id, or null when no ticket names it.</summary>
    public string? Find(string? accountId) =>
        accountId is { Length: > 0 } id && _byId.TryGetValue(id, out var name) ? name : null;
}
