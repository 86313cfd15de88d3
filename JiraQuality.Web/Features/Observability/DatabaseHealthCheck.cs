using JiraQuality.Core.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace JiraQuality.Web.Features.Observability;

/// <summary>
/// Ready when the database answers and its schema is current: an instance still migrating, or one that lost its
/// database, takes no traffic. The description stays generic because the check is served to anyone.
/// </summary>
public sealed class DatabaseHealthCheck(IDbContextFactory<JiraQualityDbContext> databases) : IHealthCheck
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout);
        try
        {
            await using var db = await databases.CreateDbContextAsync(timeout.Token);
            var pending = await db.Database.GetPendingMigrationsAsync(timeout.Token);
            return pending.Any()
                ? HealthCheckResult.Unhealthy("The database schema is not up to date yet.")
                : HealthCheckResult.Healthy();
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy("The database does not answer.", exception);
        }
    }
}
