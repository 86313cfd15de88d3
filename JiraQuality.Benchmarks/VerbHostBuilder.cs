using Microsoft.Extensions.Hosting;

namespace JiraQuality.Benchmarks;

/// <summary>Builds the host a verb runs in (settings, logging and the Core services, no web server).</summary>
/// <param name="migrate">Create or upgrade the schema first; false only for verbs that never touch the database.</param>
public delegate IHost VerbHostBuilder(bool migrate);
