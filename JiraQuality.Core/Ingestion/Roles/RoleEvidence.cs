namespace JiraQuality.Core.Ingestion.Roles;

/// <summary>
/// What is known about people beyond one ticket: everyone who is the assignee of a stored ticket or of a ticket read
/// earlier in the same import (assignees are staff, so their comments on any ticket are agent replies), and everyone
/// marked as a customer (their comments are customer messages on any ticket).
/// </summary>
public sealed class RoleEvidence
{
    private readonly HashSet<string> _assignees = new(StringComparer.OrdinalIgnoreCase);
    private readonly HashSet<string> _customers = new(StringComparer.OrdinalIgnoreCase);
    private readonly Lock _gate = new();

    public RoleEvidence(IEnumerable<string>? knownAssignees = null, IEnumerable<string>? knownCustomers = null)
    {
        foreach (var assignee in knownAssignees ?? [])
        {
            AddAssignee(assignee);
        }

        foreach (var customer in knownCustomers ?? [])
        {
            if (!string.IsNullOrWhiteSpace(customer))
            {
                _customers.Add(customer.Trim());
            }
        }
    }

    public int KnownCustomerCount => _customers.Count;

    /// <summary>True when the account id or username is marked as a customer (the list never changes during an import).</summary>
    public bool IsKnownCustomer(string? identity) => !string.IsNullOrWhiteSpace(identity) && _customers.Contains(identity.Trim());

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
