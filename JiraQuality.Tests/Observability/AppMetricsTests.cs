using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using JiraQuality.Core.Jobs;
using JiraQuality.Core.Observability;
using JiraQuality.Core.Scoring.Processing;
using JiraQuality.Core.Scoring.Scorers;
using JiraQuality.Core.Storage;
using JiraQuality.Tests.Infrastructure;
using JiraQuality.Tests.Scoring;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace JiraQuality.Tests.Observability;

/// <summary>
/// The app's own instruments, read with a listener bound to one app's meter factory (other apps in this process
/// record on their own meters).
/// </summary>
public sealed class AppMetricsTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_processing_job_counts_each_conversation_it_scores_once_and_records_its_duration(DatabaseProvider provider)
    {
        await using var app = await JiraQualityAppFactory.ForProviderAsync(provider);
        var services = app.Services;
        using var recorded = new RecordedMeasurements(services.GetRequiredService<IMeterFactory>());
        var contexts = services.GetRequiredService<IDbContextFactory<JiraQualityDbContext>>();
        await using (var db = await contexts.CreateDbContextAsync(Ct))
        {
            db.AddRange(ScoringTestSupport.Tickets(7));
            await db.SaveChangesAsync(Ct);
        }

        var queue = services.GetRequiredService<IJobQueue>();
        var noLlm = new Dictionary<string, string> { [ProcessingParameters.NoLlm] = "true" };
        await queue.EnqueueAsync(new JobRequest(JobKinds.Processing, JobRequesters.Page, noLlm), Ct);
        await recorded.WaitForAsync("jiraquality.jobs.duration", 1);

        Assert.Equal(7, recorded.Sum("jiraquality.conversations.scored"));
        var duration = Assert.Single(recorded.Of("jiraquality.jobs.duration"));
        Assert.Equal((JobKinds.Processing, JobStates.Succeeded), (duration.Tag("jiraquality.job.kind"), duration.Tag("jiraquality.job.state")));
        Assert.InRange(duration.Value, 0, 120);

        // Nothing left to score: the second job ends without counting anything again.
        await queue.EnqueueAsync(new JobRequest(JobKinds.Processing, JobRequesters.Page, noLlm), Ct);
        await recorded.WaitForAsync("jiraquality.jobs.duration", 2);
        Assert.Equal(7, recorded.Sum("jiraquality.conversations.scored"));

        recorded.Listener.RecordObservableInstruments();
        var active = recorded.Of("jiraquality.jobs.active");
        Assert.Equal(["queued", "running"], active.Select(m => m.Tag("jiraquality.job.state")).Order().ToArray());
        Assert.All(active, m => Assert.Equal(0, m.Value));
    }

    [Fact]
    public async Task An_llm_call_adds_its_tokens_by_type_and_its_cost_by_model()
    {
        await using var app = new JiraQualityAppFactory();
        var services = app.Services;
        using var recorded = new RecordedMeasurements(services.GetRequiredService<IMeterFactory>());
        var ledger = services.GetRequiredService<LlmCallLedger>();

        await ledger.RecordAsync(null, "MET-1", "gpt-test", new TokenUsage(1_000, 400, 50, 0), 0.0123, "accepted", null);
        await ledger.RecordAsync(null, "MET-2", "unpriced", new TokenUsage(10, 0, 5, 0), null, "accepted", null);

        var tokens = recorded.Of("jiraquality.llm.tokens")
            .GroupBy(m => (Model: m.Tag("gen_ai.request.model"), Type: m.Tag("gen_ai.token.type")))
            .ToDictionary(g => g.Key, g => g.Sum(m => m.Value));
        Assert.Equal(600, tokens[("gpt-test", "input")]);
        Assert.Equal(400, tokens[("gpt-test", "cached_input")]);
        Assert.Equal(50, tokens[("gpt-test", "output")]);
        Assert.Equal(10, tokens[("unpriced", "input")]);
        var cost = Assert.Single(recorded.Of("jiraquality.llm.cost"));
        Assert.Equal(("gpt-test", 0.0123), (cost.Tag("gen_ai.request.model"), cost.Value));
    }

    internal sealed record Measured(string Instrument, double Value, KeyValuePair<string, object?>[] Tags)
    {
        public string? Tag(string name) => Tags.FirstOrDefault(t => t.Key == name).Value?.ToString();
    }

    /// <summary>Every measurement of the JiraQuality meter created by one app's meter factory.</summary>
    internal sealed class RecordedMeasurements : IDisposable
    {
        private readonly ConcurrentQueue<Measured> _measurements = new();

        public RecordedMeasurements(IMeterFactory scope)
        {
            Listener = new MeterListener
            {
                InstrumentPublished = (instrument, listener) =>
                {
                    if (instrument.Meter.Name == JiraQualityMetrics.MeterName && ReferenceEquals(instrument.Meter.Scope, scope))
                    {
                        listener.EnableMeasurementEvents(instrument);
                    }
                },
            };
            Listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Add(instrument, value, tags));
            Listener.SetMeasurementEventCallback<int>((instrument, value, tags, _) => Add(instrument, value, tags));
            Listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Add(instrument, value, tags));
            Listener.Start();
        }

        public MeterListener Listener { get; }

        public IReadOnlyList<Measured> Of(string instrument) => _measurements.Where(m => m.Instrument == instrument).ToList();

        public double Sum(string instrument) => Of(instrument).Sum(m => m.Value);

        public async Task WaitForAsync(string instrument, int count)
        {
            var deadline = DateTime.UtcNow.AddSeconds(60);
            while (Of(instrument).Count < count)
            {
                Assert.True(DateTime.UtcNow < deadline, $"{instrument} was recorded {Of(instrument).Count} times within 60 s, expected {count}.");
                await Task.Delay(50, TestContext.Current.CancellationToken);
            }
        }

        public void Dispose() => Listener.Dispose();

        private void Add(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags) =>
            _measurements.Enqueue(new Measured(instrument.Name, value, tags.ToArray()));
    }
}
