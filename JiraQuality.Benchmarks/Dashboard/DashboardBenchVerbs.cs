using System.CommandLine;
using JiraQuality.Core.Reporting.ConversationQueries;
using JiraQuality.Core.Reporting.Dashboard;
using JiraQuality.Core.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace JiraQuality.Benchmarks.Dashboard;

public static class DashboardBenchVerbs
{
    /// <summary><c>bench dashboard --rows N --runs R</c>: loads N synthetic conversations into the configured (empty) database and times a dashboard state.</summary>
    public static Command Command(BenchVerbHost verbHost)
    {
        var rows = new Option<int>("--rows") { Description = "Synthetic processed conversations to load first (0 = use what is stored).", DefaultValueFactory = _ => 100_000 };
        var days = new Option<int>("--days") { Description = "Days before the as-of instant the synthetic conversations are spread over.", DefaultValueFactory = _ => 730 };
        var runs = new Option<int>("--runs") { Description = "Timed runs; the median is reported.", DefaultValueFactory = _ => 7 };
        var shuffled = new Option<bool>("--shuffled") { Description = "Write the synthetic rows in random time order (the worst case) instead of oldest first, as imports and syncs write them." };
        var dashboard = new Command("dashboard", "Time all queries of one dashboard state and one conversation page.");
        dashboard.Options.Add(rows);
        dashboard.Options.Add(days);
        dashboard.Options.Add(runs);
        dashboard.Options.Add(shuffled);
        dashboard.SetAction(async (parseResult, cancellationToken) =>
        {
            using var host = verbHost.BuildHost(migrate: true);
            var contexts = host.Services.GetRequiredService<JiraQualityContextFactory>();
            await contexts.MigrateAsync(cancellationToken);
            var benchmark = new DashboardBenchmark(
                contexts,
                host.Services.GetRequiredService<MetricsQuery>(),
                host.Services.GetRequiredService<ConversationQuery>(),
                () => ActivatorUtilities.CreateInstance<MetricsQuery>(host.Services));
            var output = parseResult.InvocationConfiguration.Output;
            var asOf = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);
            if (parseResult.GetValue(rows) is > 0 and var count)
            {
                await benchmark.SeedAsync(count, Math.Max(1, parseResult.GetValue(days)), asOf, output, cancellationToken, parseResult.GetValue(shuffled));
            }

            var result = await benchmark.MeasureAsync(asOf, Math.Max(1, parseResult.GetValue(runs)), cancellationToken);
            await output.WriteLineAsync(
                $"{contexts.Provider}: {result.Rows:#,0} rows; dashboard state (every KPI, trend and panel query) median {result.DashboardMedianMs:0.0} ms; filtered by hub median {result.FilteredDashboardMedianMs:0.0} ms; filtered by status Done median {result.BroadFilterDashboardMedianMs:0.0} ms; filter choices (uncached) median {result.FilterOptionsMedianMs:0.0} ms; conversation page median {result.ConversationPageMedianMs:0.0} ms ({result.Runs} runs)");
            return 0;
        });
        return dashboard;
    }
}
