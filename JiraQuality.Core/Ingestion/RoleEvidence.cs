namespace JiraQuality.Core.Ingestion;

/// <summary>
/// What is known about people beyond one ticket: everyone who is the assignee of a stored ticket or of a ticket read
/// earlier in the same import. Assignees are staff, so their comments on any ticket are agent replies.
/// </summary>
public sealed class RoleEvidence
{
    private readonly HashSet<string> _assignees = new(StringComparer.OrdinalIgnoreCase);
    private readonly Lock _gate = new();

    public RoleEvidence(IEnumerable<string>? knownAssignees = null)
    {
        foreach (var assignee in knownAssignees ?? [])
        {
            AddAssignee(assignee);
        }
    }

    public int AssigneeCount
    {
        get
        {
            lock (_gate)
            {
                return _assignees.Count;
            }
        }
    }

    public void AddAssignee(string? identity)
    {
        if (string.IsNullOrWhiteSpace(identity))
        {
            return;
        }

        lock (_gate)
        {
            _assignees.Add(identity.Trim());
        }
    }

    public bool IsKnownAssignee(string? identity)
    {
        if (string.IsNullOrWhiteSpace(identity))
        {
            return false;
        }

        lock (_gate)
        {
            return _assignees.Contains(identity.Trim());
        }
    }
}
