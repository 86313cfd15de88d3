using System.Text.Json;

namespace JiraQuality.Core.Jira.Sync;

/// <summary>
/// The issues a sync has already stored, each with the <c>updated</c> it was stored at, kept beside the checkpoint
/// for the window the next run reads again. JQL compares <c>updated</c> to the minute and the checkpoint is moved
/// back by an overlap, so the next run sees these issues again; an issue whose <c>updated</c> is unchanged holds
/// nothing new and is passed over before its comments are fetched. Keys rather than a position in
/// (<c>updated</c>, key) order are kept because search is eventually consistent: an issue indexed late may show
/// up before the position and must still be taken.
/// </summary>
public sealed class CommittedIssues
{
    private readonly Dictionary<string, DateTime> _updatedByKey;

    private CommittedIssues(Dictionary<string, DateTime> updatedByKey)
    {
        _updatedByKey = updatedByKey;
    }

    public int Count => _updatedByKey.Count;

    public static CommittedIssues Empty() => new(new Dictionary<string, DateTime>(StringComparer.Ordinal));

    /// <summary>Reads the stored form; an unreadable value counts as empty, which costs only a re-read.</summary>
    public static CommittedIssues Parse(string? json)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            return Empty();
        }

        try
        {
            var stored = JsonSerializer.Deserialize<Dictionary<string, DateTime>>(json) ?? [];
            return new(stored.ToDictionary(p => p.Key, p => DateTime.SpecifyKind(p.Value.ToUniversalTime(), DateTimeKind.Utc), StringComparer.Ordinal));
        }
        catch (JsonException)
        {
            return Empty();
        }
    }

    /// <summary>True when the issue was stored at exactly this <c>updated</c>, so reading it again would change nothing.</summary>
    public bool IsUnchanged(string? issueKey, DateTime? updatedUtc) =>
        issueKey is not null && updatedUtc is { } updated && _updatedByKey.TryGetValue(issueKey, out var stored) && stored == updated;

    public bool Contains(string issueKey) => _updatedByKey.ContainsKey(issueKey);

    public void Record(string issueKey, DateTime? updatedUtc)
    {
        if (updatedUtc is { } updated)
        {
            _updatedByKey[issueKey] = DateTime.SpecifyKind(updated, DateTimeKind.Utc);
        }
        else
        {
            // Without a time there is nothing to compare against next time, so the issue is simply read again.
            _updatedByKey.Remove(issueKey);
        }
    }

    /// <summary>
    /// The stored form, keeping only issues the next run can see again: those updated at or after
    /// <paramref name="rereadFromUtc"/>. Null when nothing is left.
    /// </summary>
    public string? Serialize(DateTime? rereadFromUtc)
    {
        var kept = _updatedByKey
            .Where(p => rereadFromUtc is null || p.Value >= rereadFromUtc)
            .OrderBy(p => p.Value).ThenBy(p => p.Key, StringComparer.Ordinal)
            .ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
        return kept.Count == 0 ? null : JsonSerializer.Serialize(kept);
    }
}
