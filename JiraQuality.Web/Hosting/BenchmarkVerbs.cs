using JiraQuality.Benchmarks;
using JiraQuality.Web.Features.Jobs;

namespace JiraQuality.Web.Hosting;

/// <summary>
/// The <c>bench</c> and <c>sample</c> verbs come from JiraQuality.Benchmarks; this hands them what only this
/// executable has: the verbs' host, the command line's output paths and the jobs hub.
/// </summary>
public static class BenchmarkVerbs
{
    public static BenchVerbHost Host { get; } = new(
        migrate => CommandLineApp.BuildHost(migrate: migrate), CliPaths.ResolveOutput, JobsHub.Path, JobsHub.JobUpdated);
}
