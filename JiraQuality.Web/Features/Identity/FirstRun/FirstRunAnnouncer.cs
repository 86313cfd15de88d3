namespace JiraQuality.Web.Features.Identity.FirstRun;

/// <summary>Prints the setup code once the database is migrated (this runs after the migration service).</summary>
public sealed class FirstRunAnnouncer(FirstRunSetup setup) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => setup.AnnounceAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
