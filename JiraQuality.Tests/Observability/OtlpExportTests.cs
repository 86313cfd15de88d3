using System.Text;
using JiraQuality.Core.Identity;
using JiraQuality.Core.Jobs;
using JiraQuality.Core.Scoring.Processing;
using JiraQuality.Core.Storage;
using JiraQuality.Tests.Alerts;
using JiraQuality.Tests.Infrastructure;
using JiraQuality.Tests.Scoring;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace JiraQuality.Tests.Observability;

/// <summary>Traces, metrics and logs go to an OTLP collector when one is configured, and nothing is set up when none is.</summary>
public sealed class OtlpExportTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task With_an_endpoint_configured_traces_logs_and_the_apps_own_metrics_reach_the_collector()
    {
        // A loopback HTTP server standing in for the collector, recording each POST /v1/{signal}.
        await using var collector = await AlertReceiver.StartAsync();
        await using var app = new JiraQualityAppFactory(new Dictionary<string, string?>
        {
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = collector.BaseUrl,
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
            ["OTEL_METRIC_EXPORT_INTERVAL"] = "500",
            ["OTEL_BSP_SCHEDULE_DELAY"] = "200",
            ["OTEL_BLRP_SCHEDULE_DELAY"] = "200",
        });
        using var client = await app.CreateClientForAsync(Roles.Admin);
        var contexts = app.Services.GetRequiredService<IDbContextFactory<JiraQualityDbContext>>();
        await using (var db = await contexts.CreateDbContextAsync(Ct))
        {
            db.AddRange(ScoringTestSupport.Tickets(3));
            await db.SaveChangesAsync(Ct);
        }

        var queue = app.Services.GetRequiredService<IJobQueue>();
        await queue.EnqueueAsync(new JobRequest(JobKinds.Processing, JobRequesters.Page, new Dictionary<string, string> { [ProcessingParameters.NoLlm] = "true" }), Ct);
        using (var response = await client.GetAsync("/api/jobs", Ct))
        {
            response.EnsureSuccessStatusCode();
        }

        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!(Received("/v1/metrics", "jiraquality.conversations.scored") && Received("/v1/traces", "/api/jobs") && Received("/v1/logs", "")))
        {
            Assert.True(
                DateTime.UtcNow < deadline,
                "Within 60 s the collector received: " + string.Join(", ", collector.Requests.Select(r => r.Path).Distinct()));
            await Task.Delay(100, Ct);
        }

        bool Received(string path, string text) => collector.Requests.Any(r =>
            r.Path == path && Encoding.UTF8.GetString(r.Body).Contains(text, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Without_an_endpoint_no_telemetry_pipeline_is_set_up()
    {
        await using var app = new JiraQualityAppFactory();
        Assert.Null(app.Services.GetService<MeterProvider>());
        Assert.Null(app.Services.GetService<TracerProvider>());
    }
}
