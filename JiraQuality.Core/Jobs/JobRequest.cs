namespace JiraQuality.Core.Jobs;

/// <summary>A request to run one job of <see cref="Kind"/> with string parameters (file paths, filters, limits).</summary>
public sealed record JobRequest(string Kind, string RequestedBy, IReadOnlyDictionary<string, string> Parameters)
{
    public JobRequest(string kind, string requestedBy)
        : this(kind, requestedBy, new Dictionary<string, string>())
    {
    }

    public string? Get(string name) => Parameters.TryGetValue(name, out var value) ? value : null;
}
