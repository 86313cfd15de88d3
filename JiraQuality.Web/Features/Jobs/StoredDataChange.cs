using JiraQuality.Core.Jobs;

namespace JiraQuality.Web.Features.Jobs;

/// <summary>Jobs that finished and changed what the figure pages show (or processing jobs that committed more batches), delivered together.</summary>
public sealed record StoredDataChange(IReadOnlyList<JobSnapshot> Jobs)
{
    public bool Includes(IReadOnlyCollection<string> kinds) => kinds.Count == 0 || Jobs.Any(job => kinds.Contains(job.Kind));
}
