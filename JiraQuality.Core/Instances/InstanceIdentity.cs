namespace JiraQuality.Core.Instances;

/// <summary>
/// Names this app instance among the others on a shared database: host name, process id and a random suffix (two
/// hosts in one process, as in tests, are still told apart). Recorded on the jobs it runs and carried by its notifications.
/// </summary>
public sealed class InstanceIdentity
{
    public InstanceIdentity()
        : this($"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid().ToString("N")[..6]}")
    {
    }

    public InstanceIdentity(string name) => Name = name;

    public string Name { get; }

    public override string ToString() => Name;
}
