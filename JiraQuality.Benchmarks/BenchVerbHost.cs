namespace JiraQuality.Benchmarks;

/// <summary>
/// What the <c>bench</c> and <c>sample</c> verbs need from the executable that runs them, which this project cannot
/// reference: the verbs' host with the app's settings and services, how the command line resolves an output path, and
/// the route and event name of the jobs hub that <c>bench scale-out</c> listens to.
/// </summary>
/// <param name="BuildHost">Builds the verbs' host.</param>
/// <param name="ResolveOutput">Resolves an output path given on the command line.</param>
/// <param name="JobsHubPath">The jobs hub's route.</param>
/// <param name="JobUpdatedEvent">The hub event that carries a job's state.</param>
public sealed record BenchVerbHost(VerbHostBuilder BuildHost, Func<string, string> ResolveOutput, string JobsHubPath, string JobUpdatedEvent);
