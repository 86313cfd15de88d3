using System.Collections.Concurrent;
using JiraQuality.Core.Jobs;
using JiraQuality.Core.Storage;
using JiraQuality.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace JiraQuality.Tests.Jobs;

/// <summary>
/// What the test handlers did, shared by every handler instance: which jobs started and ended in which order, the
/// most jobs of one kind running at once, and a gate per job name that the test opens.
/// </summary>
public sealed class JobScript
{
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _gates = new();
    private readonly ConcurrentDictionary<string, int> _runningPerKind = new();
    private readonly ConcurrentDictionary<string, int> _maxRunningPerKind = new();
    private readonly ConcurrentQueue<string> _started = new();

    public IReadOnlyList<string> Started => [.. _started];

    public int MaxRunning(string kind) => _maxRunningPerKind.GetValueOrDefault(kind);

    public int Running(string kind) => _runningPerKind.GetValueOrDefault(kind);

    public void Open(string name) => Gate(name).TrySetResult();

    public TaskCompletionSource Gate(string name) =>
        _gates.GetOrAdd(name, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));

    public void Enter(string kind, string name)
    {
        _started.Enqueue(name);
        var now = _runningPerKind.AddOrUpdate(kind, 1, (_, n) => n + 1);
        _maxRunningPerKind.AddOrUpdate(kind, now, (_, max) => Math.Max(max, now));
    }

    public void Leave(string kind) => _runningPerKind.AddOrUpdate(kind, 0, (_, n) => n - 1);
}

/// <summary>
/// A handler driven by its request: <c>name</c> names it in the script, <c>gate=open</c> runs straight through
/// (otherwise it waits for the test to open its gate), <c>items</c> reports that many items, <c>fail</c> throws.
/// </summary>
public abstract class ScriptedJobHandler(JobScript script) : IJobHandler
{
    public abstract string Kind { get; }

    public async Task<JobResult> RunAsync(JobRequest request, IJobProgress progress, CancellationToken cancellationToken)
    {
        var name = request.Get("name") ?? "unnamed";
        script.Enter(Kind, name);
        try
        {
            var items = int.Parse(request.Get("items") ?? "0", System.Globalization.CultureInfo.InvariantCulture);
            progress.Report(0, items);
            if (request.Get("gate") != "open")
            {
                await script.Gate(name).Task.WaitAsync(cancellationToken);
            }

            for (var i = 1; i <= items; i++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                progress.Report(i, items, $"TEST-{i}");
                if (request.Get("stepGate") is { } stepGate && i < items)
                {
                    await script.Gate($"{stepGate}-{i}").Task.WaitAsync(cancellationToken);
                }
            }

            progress.AddCost(0.25);
            if (request.Get("fail") is { } failure)
            {
                throw new InvalidOperationException(failure);
            }

            return new JobResult($"{name} done: {items} items");
        }
        finally
        {
            script.Leave(Kind);
        }
    }
}

/// <summary>A kind whose requests carry distinct inputs (like a CSV import): equal parameters join, others queue.</summary>
public sealed class TestKindAHandler(JobScript script) : ScriptedJobHandler(script)
{
    public const string KindName = "test-a";

    public override string Kind => KindName;
}

/// <summary>A whole-backlog kind (like processing): any request joins the active job.</summary>
public sealed class TestKindBHandler(JobScript script) : ScriptedJobHandler(script)
{
    public const string KindName = "test-b";

    public override string Kind => KindName;
}

/// <summary>A runner with the test handlers on a real database, started and stopped like the hosted service.</summary>
public sealed class RunnerHarness : IAsyncDisposable
{
    private readonly ServiceProvider _services;
    private bool _stopped;

    private RunnerHarness(ServiceProvider services)
    {
        _services = services;
    }

    public JobRunner Runner => _services.GetRequiredService<JobRunner>();
    public JobStore Store => _services.GetRequiredService<JobStore>();
    public JobEventStream Events => _services.GetRequiredService<JobEventStream>();
    public IServiceProvider Services => _services;

    public static async Task<RunnerHarness> StartAsync(
        TestDatabase database,
        JobScript script,
        TimeProvider? timeProvider = null,
        bool advisoryLock = false,
        Action<IServiceCollection>? configure = null)
    {
        var services = new ServiceCollection();
        services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Warning));
        services.AddSingleton(timeProvider ?? TimeProvider.System);
        services.AddSingleton(database.Options);
        services.AddSingleton<IDbContextFactory<JiraQualityDbContext>>(database.Factory);
        services.AddSingleton(script);
        services.Configure<JobOptions>(options =>
        {
            options.KindsWithDistinctInputs = [TestKindAHandler.KindName];
            options.ProgressSaveInterval = TimeSpan.FromMilliseconds(50);
            options.LockPollInterval = TimeSpan.FromMilliseconds(100);
            options.QueueCapacityPerKind = 4;
            options.RecoveryInterval = TimeSpan.FromMilliseconds(200);
            options.ClusterPollInterval = TimeSpan.FromMilliseconds(100);
        });
        services.AddSingleton<JobStore>();
        services.AddSingleton<JobEventStream>();
        services.AddSingleton<IJobEvents>(sp => sp.GetRequiredService<JobEventStream>());
        services.AddSingleton(advisoryLock ? FileJobKindLock.For(database.Options) : new InProcessJobKindLock());
        services.AddSingleton<JobRunner>();
        services.AddScoped<IJobHandler, TestKindAHandler>();
        services.AddScoped<IJobHandler, TestKindBHandler>();
        services.AddSingleton<ClusterJobMonitor>();
        configure?.Invoke(services);
        var provider = services.BuildServiceProvider();
        var runner = provider.GetRequiredService<JobRunner>();
        await runner.StartAsync(TestContext.Current.CancellationToken);
        // The start-up pass takes any queued job it finds; a test that queues on another instance waits it out.
        await runner.Recovered.WaitAsync(TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken);
        await provider.GetRequiredService<ClusterJobMonitor>().StartAsync(TestContext.Current.CancellationToken);
        return new RunnerHarness(provider);
    }

    public static JobRequest Request(string kind, string name, params (string Key, string Value)[] more)
    {
        var parameters = new Dictionary<string, string> { ["name"] = name };
        foreach (var (key, value) in more)
        {
            parameters[key] = value;
        }

        return new JobRequest(kind, JobRequesters.Page, parameters);
    }

    public Task<JobSnapshot> EnqueueAsync(string kind, string name, params (string Key, string Value)[] more) =>
        Runner.EnqueueAsync(Request(kind, name, more), TestContext.Current.CancellationToken);

    /// <summary>Polls the stored record until the job reaches one of <paramref name="states"/>.</summary>
    public async Task<JobSnapshot> WaitForStateAsync(Guid id, params string[] states)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        StoredJob? run = null;
        while (DateTime.UtcNow < deadline)
        {
            run = await Store.FindAsync(id, TestContext.Current.CancellationToken);
            if (run is not null && states.Contains(run.State))
            {
                return JobStore.ToSnapshot(run);
            }

            await Task.Delay(20, TestContext.Current.CancellationToken);
        }

        throw new TimeoutException($"Job {id} did not reach {string.Join("/", states)}; it is {run?.State ?? "missing"} ({run?.Error}).");
    }

    public async Task StopAsync()
    {
        if (!_stopped)
        {
            _stopped = true;
            await _services.GetRequiredService<ClusterJobMonitor>().StopAsync(CancellationToken.None);
            await Runner.StopAsync(CancellationToken.None);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        await _services.DisposeAsync();
    }
}

public static class JobWaits
{
    /// <summary>Waits for a condition that another thread makes true.</summary>
    public static async Task UntilAsync(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("Timed out waiting for " + what);
            }

            await Task.Delay(10, TestContext.Current.CancellationToken);
        }
    }
}

/// <summary>
/// An event stream seen through the subscriber: each batch is recorded once the subscriber has handled it, the point
/// at which a test knows an event was seen and ignored, without sleeping and hoping.
/// </summary>
public sealed class HandledJobEvents(IJobEvents inner) : IJobEvents
{
    private readonly ConcurrentQueue<JobEventBatch> _handled = new();

    public IReadOnlyList<JobProgressUpdate> ActiveJobs => inner.ActiveJobs;

    public IDisposable Subscribe(Func<JobEventBatch, Task> onBatch, JobSubscriptionOptions? options = null) =>
        inner.Subscribe(
            async batch =>
            {
                try
                {
                    await onBatch(batch);
                }
                finally
                {
                    _handled.Enqueue(batch);
                }
            },
            options);

    /// <summary>Waits until a batch matching <paramref name="match"/> has been handled by its subscriber.</summary>
    public Task UntilHandledAsync(Func<JobEventBatch, bool> match, string what) =>
        JobWaits.UntilAsync(() => _handled.Any(match), what);
}

/// <summary>
/// A kind lock seen through the runner that asks it: each refused attempt is counted per lock name, the point at which a
/// test knows the runner found the kind taken and left the job waiting.
/// </summary>
public sealed class RecordingJobKindLock(IJobKindLock inner) : IJobKindLock
{
    private readonly ConcurrentDictionary<string, int> _refused = new();

    public int Refusals(string name) => _refused.GetValueOrDefault(name);

    public async Task<IAsyncDisposable?> TryAcquireAsync(string kind, CancellationToken cancellationToken)
    {
        var lease = await inner.TryAcquireAsync(kind, cancellationToken);
        if (lease is null)
        {
            _refused.AddOrUpdate(kind, 1, (_, n) => n + 1);
        }

        return lease;
    }

    /// <summary>Waits until <paramref name="name"/> has been refused <paramref name="more"/> more times than now.</summary>
    public Task UntilRefusedAgainAsync(string name, int more, string what)
    {
        var target = Refusals(name) + more;
        return JobWaits.UntilAsync(() => Refusals(name) >= target, what);
    }
}
