using System.Collections.Concurrent;
using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using JiraQuality.Benchmarks.Sample;
using JiraQuality.Benchmarks.Scoring;
using JiraQuality.Core.Jobs;
using JiraQuality.Core.Storage;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace JiraQuality.Benchmarks.Instances;

/// <summary>
/// <c>bench scale-out</c>: what a second instance buys. Starts real app instances (this same executable with
/// <c>serve</c>) on one PostgreSQL database holding a pending backlog, with the LLM scorer against a loopback stand-in
/// that answers after a fixed latency: first one instance alone, then two, each scoring the same backlog from a copy of
/// the same database. Jobs are queued in the shared job table, the way another instance or the schedule queues them, and
/// each instance takes one. Prints the times, the speed-up, the LLM calls per conversation, and how far the hub clients
/// of the other instance lag behind the running instance's own hub clients (p50/p95).
/// </summary>
public static partial class ScaleOutBenchVerb
{
    private const string BenchUser = "bench@example.com";

    public static Command Command(BenchVerbHost host)
    {
        var tickets = new Option<int>("--tickets") { Description = "Tickets in the backlog.", DefaultValueFactory = _ => 300 };
        var postgres = new Option<string>("--postgres") { Description = "PostgreSQL connection string of a user that may create databases.", Required = true };
        var runs = new Option<int>("--runs") { Description = "Measured runs of each set-up; medians are reported.", DefaultValueFactory = _ => 3 };
        var maxComments = new Option<int>("--max-comments") { Description = "Most comments per generated ticket.", DefaultValueFactory = _ => 12 };
        var concurrency = new Option<int>("--llm-concurrency") { Description = "Llm:Concurrency of each instance.", DefaultValueFactory = _ => 8 };
        var latency = new Option<int>("--llm-latency-ms") { Description = "Latency of the loopback chat server.", DefaultValueFactory = _ => 300 };
        var command = new Command("scale-out", "Score one backlog with one instance, then with two on the same PostgreSQL: speed-up and cross-instance update lag.");
        foreach (var option in new Option[] { tickets, postgres, runs, maxComments, concurrency, latency })
        {
            command.Options.Add(option);
        }

        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var output = parseResult.InvocationConfiguration.Output;
            var settings = new BenchSettings(
                parseResult.GetValue(postgres)!, Math.Max(1, parseResult.GetValue(concurrency)), TimeSpan.FromMilliseconds(parseResult.GetValue(latency)), host.JobsHubPath, host.JobUpdatedEvent);
            var count = parseResult.GetValue(tickets);
            var path = Path.Combine(Path.GetTempPath(), $"jq-bench-scaleout-{count}-{parseResult.GetValue(maxComments)}.csv");
            if (!File.Exists(path))
            {
                new SampleExportGenerator(new SampleExportSettings { Tickets = count, MaxComments = parseResult.GetValue(maxComments) }).WriteFile(path);
            }

            var answer = LoopbackChatServer.Completion(ScoringBenchVerb.BenchAnswer, 2700, 600);
            await using var llm = await LoopbackChatServer.StartAsync((_, _, _) => new LoopbackAnswer(200, answer, settings.Latency));
            await using var template = await TemplateDatabase.CreateAsync(settings.Postgres, path, output, cancellationToken);
            var ideal = settings.Concurrency / settings.Latency.TotalSeconds;
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"{template.Pending} pending conversations ({count} tickets), stand-in latency {settings.Latency.TotalMilliseconds:0} ms, concurrency {settings.Concurrency} per instance " +
                $"(ideal {ideal:0.0} conversations/s per instance); {Environment.ProcessorCount} CPUs, load average {LoadAverage()}"));

            var one = new List<ScaleOutRun>();
            var two = new List<ScaleOutRun>();
            for (var run = 1; run <= Math.Max(1, parseResult.GetValue(runs)); run++)
            {
                foreach (var instances in new[] { 1, 2 })
                {
                    var result = await MeasureAsync(template, settings, llm, instances, cancellationToken);
                    (instances == 1 ? one : two).Add(result);
                    var lag = result.Lags.Count == 0
                        ? ""
                        : string.Create(CultureInfo.InvariantCulture, $", other instance's hub clients lag p50 {Percentile(result.Lags, 0.5):0} ms, p95 {Percentile(result.Lags, 0.95):0} ms (n {result.Lags.Count})");
                    await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                        $"run {run}, {instances} instance(s): {result.Elapsed.TotalSeconds:0.00} s = {template.Pending / result.Elapsed.TotalSeconds:0.0} conversations/s, " +
                        $"{result.LlmCalls} LLM calls for {template.Pending} conversations ({result.Scored} scored; per job {string.Join(" + ", result.PerJob)}){lag}; load average {LoadAverage()}"));
                }
            }

            var oneMedian = Median(one.Select(r => r.Elapsed.TotalSeconds));
            var twoMedian = Median(two.Select(r => r.Elapsed.TotalSeconds));
            var p50 = Median(two.Where(r => r.Lags.Count > 0).Select(r => Percentile(r.Lags, 0.5)));
            var p95 = Median(two.Where(r => r.Lags.Count > 0).Select(r => Percentile(r.Lags, 0.95)));
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"median: one instance {oneMedian:0.00} s, two instances {twoMedian:0.00} s: speed-up {oneMedian / twoMedian:0.00}x; " +
                $"cross-instance update lag p50 {p50:0} ms, p95 {p95:0} ms (medians of {two.Count} runs); " +
                $"LLM calls per conversation {(double)two.Sum(r => r.LlmCalls) / (two.Count * template.Pending):0.000} with two instances"));
            var twice = one.Concat(two).Any(r => r.LlmCalls != template.Pending || r.Scored != template.Pending);
            if (twice)
            {
                await output.WriteLineAsync("A run made a number of LLM calls or stored a number of results other than the pending conversations.");
            }

            return twice ? 1 : 0;
        });
        return command;
    }

    private static async Task<ScaleOutRun> MeasureAsync(TemplateDatabase template, BenchSettings settings, LoopbackChatServer llm, int count, CancellationToken cancellationToken)
    {
        var name = "jq_bench_so_" + Guid.NewGuid().ToString("N")[..10];
        await ExecuteAsync(settings.Postgres, $"CREATE DATABASE {name} TEMPLATE {template.Name}", cancellationToken);
        var connectionString = new NpgsqlConnectionStringBuilder(settings.Postgres) { Database = name }.ToString();
        var instances = new List<InstanceProcess>();
        var clients = new List<HubConnection>();
        try
        {
            for (var i = 0; i < count; i++)
            {
                instances.Add(InstanceProcess.Start(connectionString, settings, llm.Endpoint));
            }

            foreach (var instance in instances)
            {
                await instance.WaitUntilServingAsync(template.Token, cancellationToken);
            }

            var receipts = new ConcurrentQueue<Receipt>();
            for (var i = 0; i < instances.Count; i++)
            {
                var client = new HubConnectionBuilder()
                    .WithUrl(instances[i].Url + settings.JobsHubPath, o => o.AccessTokenProvider = () => Task.FromResult<string?>(template.Token))
                    .Build();
                var index = i;
                client.On<JobUpdate>(settings.JobUpdatedEvent, m => receipts.Enqueue(new Receipt(index, m.Id, m.Completed, m.FromOtherInstance, Stopwatch.GetTimestamp())));
                await client.StartAsync(cancellationToken);
                clients.Add(client);
            }

            var factory = new JiraQualityContextFactory(new StorageOptions { Provider = DatabaseProvider.Postgres, ConnectionString = connectionString });
            var store = new JobStore(factory);
            var callsBefore = llm.RequestCount;
            var started = DateTime.UtcNow;
            var jobs = new List<Guid>();
            for (var i = 0; i < count; i++)
            {
                // Queued as the schedule or another instance queues work: an instance's runner takes it at its next pass,
                // and a second one only once the first runs (at most one queued processing job at a time).
                var job = await store.CreateAsync(new JobRequest(JobKinds.Processing, JobRequesters.Schedule), Guid.NewGuid(), DateTime.UtcNow, cancellationToken, inputKey: "");
                jobs.Add(job.Id);
                await WaitAsync(async () => (await store.FindAsync(job.Id, cancellationToken))?.State != JobStates.Queued, TimeSpan.FromMinutes(2), "an instance to take the job", cancellationToken);
            }

            var ended = new List<JobSnapshot>();
            await WaitAsync(
                async () =>
                {
                    ended.Clear();
                    foreach (var id in jobs)
                    {
                        if (await store.FindAsync(id, cancellationToken) is { State: not (JobStates.Queued or JobStates.Running) } run)
                        {
                            ended.Add(run.Snapshot);
                        }
                    }

                    return ended.Count == jobs.Count;
                },
                TimeSpan.FromMinutes(30),
                "the jobs to end",
                cancellationToken);
            var failed = ended.FirstOrDefault(r => r.State != JobStates.Succeeded);
            if (failed is not null)
            {
                throw new InvalidOperationException($"Processing job {failed.Id} ended {failed.State}: {failed.Error}");
            }

            var elapsed = ended.Max(r => r.FinishedAtUtc!.Value) - started;
            if (ended.Select(r => r.Instance).Distinct().Count() != count)
            {
                throw new InvalidOperationException($"The {count} jobs did not run on {count} instances: {string.Join(", ", ended.Select(r => r.Instance))}");
            }

            await using var db = factory.CreateDbContext();
            var scored = await db.ProcessedConversations.CountAsync(cancellationToken);
            return new ScaleOutRun(elapsed, llm.RequestCount - callsBefore, scored, ended.Select(r => r.Completed).ToList(), Lags(receipts.ToList()));
        }
        finally
        {
            foreach (var client in clients)
            {
                await client.DisposeAsync();
            }

            foreach (var instance in instances)
            {
                await instance.DisposeAsync();
            }

            NpgsqlConnection.ClearAllPools();
            await ExecuteAsync(settings.Postgres, $"DROP DATABASE IF EXISTS {name} WITH (FORCE)", CancellationToken.None);
        }
    }

    /// <summary>
    /// For every update a client received of a job another instance runs, the time since the running instance's own
    /// client first received a state at least that far along (both clients throttle to ten batches a second, so single
    /// values can be below zero).
    /// </summary>
    private static List<double> Lags(List<Receipt> receipts)
    {
        var lags = new List<double>();
        foreach (var job in receipts.GroupBy(r => r.Job))
        {
            var own = job.Where(r => !r.FromOtherInstance && r.Completed > 0).OrderBy(r => r.At).ToList();
            foreach (var remote in job.Where(r => r.FromOtherInstance && r.Completed > 0))
            {
                if (own.FirstOrDefault(o => o.Completed >= remote.Completed) is { } first)
                {
                    lags.Add(Stopwatch.GetElapsedTime(first.At, remote.At).TotalMilliseconds);
                }
            }
        }

        return lags;
    }

    private static double Percentile(IReadOnlyCollection<double> values, double share)
    {
        var sorted = values.Order().ToList();
        return sorted[Math.Clamp((int)Math.Ceiling(share * sorted.Count) - 1, 0, sorted.Count - 1)];
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count == 0 ? double.NaN : sorted[sorted.Count / 2];
    }

    private static async Task WaitAsync(Func<Task<bool>> condition, TimeSpan timeout, string what, CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        while (!await condition())
        {
            if (watch.Elapsed > timeout)
            {
                throw new TimeoutException($"Timed out waiting for {what}.");
            }

            await Task.Delay(20, cancellationToken);
        }
    }

    private static async Task ExecuteAsync(string connectionString, string sql, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

    private static async Task<string> RunVerbAsync(string[] arguments, IReadOnlyDictionary<string, string> environment, CancellationToken cancellationToken)
    {
        using var process = Process.Start(StartInfo(arguments, environment))!;
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        var text = await stdout;
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"'{arguments[0]} {arguments.ElementAtOrDefault(1)}' exited with {process.ExitCode}: {await stderr}{text}");
        }

        return text;
    }

    /// <summary>This same executable (<c>dotnet JiraQuality.Web.dll …</c> or the apphost; the entry assembly, not this library) with the given arguments and environment.</summary>
    private static ProcessStartInfo StartInfo(IEnumerable<string> arguments, IReadOnlyDictionary<string, string> environment)
    {
        var start = new ProcessStartInfo(Environment.ProcessPath!) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(Environment.ProcessPath!) == "dotnet")
        {
            start.ArgumentList.Add(Assembly.GetEntryAssembly()!.Location);
        }

        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        return start;
    }

    private static Dictionary<string, string> VerbEnvironment(string connectionString) => new()
    {
        ["Database__Provider"] = nameof(DatabaseProvider.Postgres),
        ["ConnectionStrings__JiraQuality"] = connectionString,
        ["Data__Directory"] = Path.Combine(Path.GetTempPath(), "jq-bench-scaleout-data"),
        ["Logging__LogLevel__Default"] = "Warning",
    };
}
