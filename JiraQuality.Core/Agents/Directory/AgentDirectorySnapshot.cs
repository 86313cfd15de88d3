
namespace JiraQuality.Core.Agents.Directory;

/// <summary>An immutable view of the agent directory: account id → display name and tier.</summary>
public sealed class AgentDirectorySnapshot
{
    public static readonly AgentDirectorySnapshot Empty = new([]);

    private readonly Dictionary<string, AgentDirectoryEntry> _byId;
    private readonly Dictionary<string, AgentDirectoryEntry> _byName;

    public AgentDirectorySnapshot(IEnumerable<AgentDirectoryEntry> entries)
    {
        _byId = new Dictionary<string, AgentDirectoryEntry>(StringComparer.OrdinalIgnoreCase);
        _byName = new Dictionary<string, AgentDirectoryEntry>(StringComparer.Ordinal);
        foreach (var entry in entries)
        {
            if (!string.IsNullOrWhiteSpace(entry.AccountId))
            {
                _byId[entry.AccountId.Trim()] = entry;
            }

            if (!string.IsNullOrWhiteSpace(entry.DisplayName))
            {
                _byName.TryAdd(NormaliseName(entry.DisplayName), entry);
            }
        }
    }

    public int Count => _byId.Count;

    /// <summary>Every listed person's display name (their names are redacted from message texts).</summary>
    public IEnumerable<string> DisplayNames => _byId.Values.Concat(_byName.Values).Select(e => e.DisplayName).Where(n => !string.IsNullOrWhiteSpace(n)).Distinct(StringComparer.Ordinal);

    /// <summary>
    /// Identifies the directory's content (ids, names, tiers; not their order): equal directories have equal
    /// fingerprints, so a request to apply a directory can tell whether the directory has changed since.
    /// </summary>
    public string Fingerprint => _fingerprint ??= ComputeFingerprint(_byId.Values);

    private string? _fingerprint;

    private static string ComputeFingerprint(IEnumerable<AgentDirectoryEntry> entries)
    {
        var text = new System.Text.StringBuilder();
        foreach (var entry in entries.OrderBy(e => e.AccountId.Trim().ToUpperInvariant(), StringComparer.Ordinal))
        {
            // Control characters separate fields and entries, so text moved from one field to the next changes the fingerprint.
            text.Append(entry.AccountId.Trim().ToUpperInvariant()).Append('\u001f').Append(entry.DisplayName).Append('\u001f').Append(entry.Tier).Append('\u001e');
        }

        return Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text.ToString())))[..16];
    }

    public AgentDirectoryEntry? Find(string? accountId, string? displayName)
    {
        if (!string.IsNullOrWhiteSpace(accountId) && _byId.TryGetValue(accountId.Trim(), out var byId))
        {
            return byId;
        }

        return !string.IsNullOrWhiteSpace(displayName) && _byName.TryGetValue(NormaliseName(displayName), out var byName) ? byName : null;
    }

    private static string NormaliseName(string name) => name.Normalize(System.Text.NormalizationForm.FormKC).Trim().ToLowerInvariant();
}
