using JiraQuality.Tests.Infrastructure;

[assembly: AssemblyFixture(typeof(PostgresServerLifetime))]

namespace JiraQuality.Tests.Infrastructure;

/// <summary>
/// Stops the throwaway PostgreSQL cluster when the test run ends, while the runner still waits for it: stopping it
/// at process exit instead can outlast the runner's exit watchdog on a loaded machine.
/// </summary>
public sealed class PostgresServerLifetime : IAsyncDisposable
{
    public async ValueTask DisposeAsync() => await PostgresServer.StopSharedAsync();
}
