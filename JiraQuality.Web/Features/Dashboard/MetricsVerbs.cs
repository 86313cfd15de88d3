using System.CommandLine;
using JiraQuality.Core.Reporting.Rollup;
using JiraQuality.Core.Storage;
using Microsoft.EntityFrameworkCore;
using JiraQuality.Web.Hosting;

namespace JiraQuality.Web.Features.Dashboard;

public static class MetricsVerbs
{
    /// <summary>
    /// <c>metrics rebuild-rollup</c>: recomputes the hourly dashboard totals from the processed conversations, for rows
    /// written outside the application (a bulk COPY, a restored backup). Saves made by the application keep them current.
    /// </summary>
    public static Command Command()
    {
        var rebuild = new Command("rebuild-rollup", "Recompute the hourly dashboard totals from the processed conversations.");
        rebuild.SetAction(async (parseResult, cancellationToken) =>
        {
            using var host = CommandLineApp.BuildHost();
            var contexts = host.Services.GetRequiredService<JiraQualityContextFactory>();
            await contexts.MigrateAsync(cancellationToken);
            await using var db = contexts.CreateDbContext();
            db.Database.SetCommandTimeout(TimeSpan.FromMinutes(10));
            var rows = await MetricsRollupMaintenance.RebuildAsync(db, cancellationToken);
            await parseResult.InvocationConfiguration.Output.WriteLineAsync($"Hourly rollup rebuilt: {rows:#,0} rows.");
            return 0;
        });
        var metrics = new Command("metrics", "Dashboard metrics maintenance.");
        metrics.Subcommands.Add(rebuild);
        return metrics;
    }
}
