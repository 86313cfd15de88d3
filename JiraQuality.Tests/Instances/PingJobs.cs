using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using JiraQuality.Core.Jobs;
using JiraQuality.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http.Connections.Client;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using JiraQuality.Web.Features.Jobs;

namespace JiraQuality.Tests.Instances;

/// <summary>
/// The real app with two test jobs: <see cref="PingHandler"/> reports an item every 20 ms (its current item the moment
/// it reported it) once <see cref="PingGate"/> is opened; <see cref="QuietHandler"/> reports nothing for seconds.
/// </summary>
internal sealed class PingAppFactory(IDictionary<string, string?> settings) : JiraQualityAppFactory(settings)
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureServices(services =>
        {
            services.AddSingleton<PingGate>();
            services.AddScoped<IJobHandler, PingHandler>();
            services.AddScoped<IJobHandler, QuietHandler>();
        });
    }
}

/// <summary>Holds a ping job before its first line until the test's client watches it.</summary>
internal sealed class PingGate
{
    private readonly TaskCompletionSource _open = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task Opened => _open.Task;

    public void Open() => _open.TrySetResult();

    /// <summary>Opens the gate of both instances: whichever runs the job starts it.</summary>
    public static void OpenOn(TwoInstances instances)
    {
        instances.A.Services.GetRequiredService<PingGate>().Open();
        instances.B.Services.GetRequiredService<PingGate>().Open();
    }
}

internal sealed class PingHandler(PingGate gate) : IJobHandler
{
    public const string KindName = "test-ping";
    public const int Items = 100;

    /// <summary>How many pings a job sends instead of <see cref="Items"/>.</summary>
    public const string ItemsParameter = "items";

    public string Kind => KindName;

    public async Task<JobResult> RunAsync(JobRequest request, IJobProgress progress, CancellationToken cancellationToken)
    {
        await gate.Opened.WaitAsync(cancellationToken);
        var items = int.Parse(request.Get(ItemsParameter) ?? Items.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
        for (var i = 1; i <= items; i++)
        {
            if (i <= 3)
            {
                progress.Log($"ping {i}");
            }

            progress.Report(i, items, Stopwatch.GetTimestamp().ToString(CultureInfo.InvariantCulture));
            await Task.Delay(20, cancellationToken);
        }

        return new JobResult($"{items} pings");
    }
}

internal sealed class QuietHandler : IJobHandler
{
    public const string KindName = "test-quiet";

    public string Kind => KindName;

    public async Task<JobResult> RunAsync(JobRequest request, IJobProgress progress, CancellationToken cancellationToken)
    {
        await Task.Delay(TimeSpan.FromSeconds(3), cancellationToken);
        return new JobResult("quiet");
    }
}

/// <summary>A <c>/hubs/jobs</c> client of one instance that records what it hears of ping jobs.</summary>
internal sealed class PingWatcher : IAsyncDisposable
{
    private readonly HubConnection _connection;

    private PingWatcher(HubConnection connection) => _connection = connection;

    /// <summary>Each update of a ping job with the milliseconds from its report to its arrival here.</summary>
    public ConcurrentQueue<(JobMessage Message, double LatencyMs)> Updates { get; } = new();

    public ConcurrentQueue<JobLogMessage> Logs { get; } = new();

    public ConcurrentQueue<JobMessage> Ends { get; } = new();

    public static async Task<PingWatcher> ConnectAsync(string url, Action<HttpConnectionOptions> signIn, CancellationToken cancellationToken)
    {
        var watcher = new PingWatcher(new HubConnectionBuilder().WithUrl(url + JobsHub.Path, signIn).Build());
        watcher._connection.On<JobMessage>(JobsHub.JobUpdated, update =>
        {
            if (update.Kind == PingHandler.KindName && update.CurrentItem is { } sent && long.TryParse(sent, CultureInfo.InvariantCulture, out var at))
            {
                watcher.Updates.Enqueue((update, Stopwatch.GetElapsedTime(at).TotalMilliseconds));
            }
        });
        watcher._connection.On<JobLogMessage>(JobsHub.JobLog, watcher.Logs.Enqueue);
        watcher._connection.On<JobMessage>(JobsHub.JobFinished, job =>
        {
            if (job.Kind == PingHandler.KindName)
            {
                watcher.Ends.Enqueue(job);
            }
        });
        await watcher._connection.StartAsync(cancellationToken);
        return watcher;
    }

    /// <summary>Joins the job's group (its log lines), then lets the ping jobs start.</summary>
    public async Task WatchAsync(Guid jobId, TwoInstances instances, CancellationToken cancellationToken)
    {
        await _connection.InvokeAsync(nameof(JobsHub.WatchJob), jobId, cancellationToken);
        PingGate.OpenOn(instances);
    }

    public ValueTask DisposeAsync() => _connection.DisposeAsync();
}
