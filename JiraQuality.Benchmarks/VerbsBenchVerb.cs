using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using System.Runtime.InteropServices;
using JiraQuality.Benchmarks.Ingestion;
using JiraQuality.Benchmarks.Sample;
using JiraQuality.Benchmarks.Scoring;
using JiraQuality.Core.Storage;

namespace JiraQuality.Benchmarks;

/// <summary>
/// <c>bench verbs</c>: the figures a user sees. Runs the <c>import</c> and <c>process --no-llm</c> verbs of this same
/// executable as child processes on a generated export, each into a fresh database, and times them from process start to
/// exit (start-up, migrations and writing included), then runs <c>process</c> once more over the processed database.
/// With <c>--llm-tickets</c> it also runs <c>process</c> with the LLM scorer against a loopback stand-in that answers
/// after a fixed latency, and once more over the scored database.
/// </summary>
public static class VerbsBenchVerb
{
    /// <summary>The predecessor's <c>convo_quality.py --no-llm</c> over 100,000 conversations on this machine (issue figure).</summary>
    private const double PredecessorSecondsPer100k = 68;

    public static Command Command()
    {
        var tickets = new Option<int[]>("--tickets") { Description = "Export sizes to measure (repeatable).", DefaultValueFactory = _ => [100_000], AllowMultipleArgumentsPerToken = true };
        var scenario = new Option<string>("--scenario") { Description = "sqlite or postgres.", DefaultValueFactory = _ => "sqlite" };
        var postgres = new Option<string?>("--postgres") { Description = "PostgreSQL connection string of a user that may create databases." };
        var runs = new Option<int>("--runs") { Description = "Measured runs per size; the median is reported.", DefaultValueFactory = _ => 3 };
        var maxComments = new Option<int>("--max-comments") { Description = "Most comments per generated ticket.", DefaultValueFactory = _ => 30 };
        var llmTickets = new Option<int>("--llm-tickets") { Description = "Also score an export of this many tickets with the LLM scorer against the loopback stand-in (0 skips it).", DefaultValueFactory = _ => 0 };
        var llmConcurrency = new Option<int>("--llm-concurrency") { Description = "Llm:Concurrency for the LLM runs.", DefaultValueFactory = _ => 8 };
        var llmLatency = new Option<int>("--llm-latency-ms") { Description = "Latency of the loopback chat server.", DefaultValueFactory = _ => 300 };
        var command = new Command("verbs", "Time the import and process verbs from process start to exit (conversations per second).");
        foreach (var option in new Option[] { tickets, scenario, postgres, runs, maxComments, llmTickets, llmConcurrency, llmLatency })
        {
            command.Options.Add(option);
        }

        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var output = parseResult.InvocationConfiguration.Output;
            var provider = parseResult.GetValue(scenario)?.ToLowerInvariant() switch
            {
                "sqlite" => DatabaseProvider.Sqlite,
                "postgres" => DatabaseProvider.Postgres,
                _ => throw new ArgumentException("--scenario must be sqlite or postgres."),
            };
            foreach (var count in parseResult.GetValue(tickets) ?? [])
            {
                var path = Path.Combine(Path.GetTempPath(), $"jq-bench-verbs-{count}-{parseResult.GetValue(maxComments)}.csv");
                if (!File.Exists(path))
                {
                    new SampleExportGenerator(new SampleExportSettings { Tickets = count, MaxComments = parseResult.GetValue(maxComments) }).WriteFile(path);
                }

                await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{count} tickets ({new FileInfo(path).Length / (1024.0 * 1024):0.0} MB, {path}) into {provider}, load average {LoadAverage()}"));
                var results = new List<VerbRun>();
                for (var run = 1; run <= Math.Max(1, parseResult.GetValue(runs)); run++)
                {
                    await using var database = await IngestionBenchmark.CreateDatabaseAsync(provider, parseResult.GetValue(postgres), cancellationToken);
                    var environment = new Dictionary<string, string>
                    {
                        ["Database__Provider"] = provider.ToString(),
                        ["ConnectionStrings__JiraQuality"] = database.ConnectionString,
                        ["Data__Directory"] = Path.Combine(Path.GetTempPath(), "jq-bench-verbs-data"),

                        // The generated export of a million tickets is over the upload limit a deployment keeps by default.
                        ["Ingestion__MaxFileSizeBytes"] = Math.Max(new FileInfo(path).Length, 200L * 1024 * 1024).ToString(CultureInfo.InvariantCulture),
                    };
                    var import = await RunVerbAsync(["import", path], environment, cancellationToken);
                    var process = await RunVerbAsync(["process", "--no-llm"], environment, cancellationToken);
                    var again = await RunVerbAsync(["process", "--no-llm"], environment, cancellationToken);
                    var result = new VerbRun(count, import, process, again);
                    results.Add(result);
                    await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                        $"run {run}: import {import.Elapsed.TotalSeconds:0.00} s = {count / import.Elapsed.TotalSeconds:0} tickets/s, {Cpu(import)} (peak {import.PeakMegabytes:0} MB); " +
                        $"process --no-llm {process.Elapsed.TotalSeconds:0.00} s = {count / process.Elapsed.TotalSeconds:0} conversations/s, {Cpu(process)} (peak {process.PeakMegabytes:0} MB); " +
                        $"again, nothing pending {again.Elapsed.TotalSeconds:0.00} s, {Cpu(again)}; load average {LoadAverage()}"));
                }

                var importMedian = results.Select(r => r.Import.Elapsed.TotalSeconds).Order().ElementAt(results.Count / 2);
                var processMedian = results.Select(r => r.Process.Elapsed.TotalSeconds).Order().ElementAt(results.Count / 2);
                var processCpuMedian = results.Select(r => r.Process.CpuSeconds ?? double.NaN).Order().ElementAt(results.Count / 2);
                var againMedian = results.Select(r => r.Again.Elapsed.TotalSeconds).Order().ElementAt(results.Count / 2);
                await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"median {count}: import {importMedian:0.00} s = {count / importMedian:0} tickets/s; process --no-llm {processMedian:0.00} s = {count / processMedian:0} conversations/s " +
                    $"({1000 * processMedian / count:0.000} ms per conversation; CPU {processCpuMedian:0.00} s = {1000 * processCpuMedian / count:0.000} ms per conversation); again {againMedian:0.00} s"));

                // The figure users compare: conversations per second from process start to exit, against the predecessor's.
                var predecessorRate = 100_000 / PredecessorSecondsPer100k;
                await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"process --no-llm, start to exit: {count / processMedian:0} conversations/s = {count / processMedian / predecessorRate:0.0}x the predecessor's " +
                    $"{predecessorRate:0} conversations/s (convo_quality.py --no-llm, 100,000 in {PredecessorSecondsPer100k:0} s)"));
            }

            if (parseResult.GetValue(llmTickets) is > 0 and var llmCount)
            {
                await MeasureLlmAsync(
                    output, provider, parseResult.GetValue(postgres), llmCount, parseResult.GetValue(maxComments), Math.Max(1, parseResult.GetValue(runs)),
                    Math.Max(1, parseResult.GetValue(llmConcurrency)), TimeSpan.FromMilliseconds(parseResult.GetValue(llmLatency)), cancellationToken);
            }

            return 0;
        });
        return command;
    }

    /// <summary>
    /// <c>process</c> with the LLM scorer through the real path (selection, loading, the OpenAI client, the batch writer) against
    /// a stand-in that answers every request after <paramref name="latency"/>; then once more, when nothing is pending.
    /// The ideal is concurrency / latency conversations per second; the scoring part is the run less the fixed cost of a
    /// run that finds nothing to do (start-up, migrations check, selection).
    /// </summary>
    private static async Task MeasureLlmAsync(
        TextWriter output, DatabaseProvider provider, string? postgres, int count, int maxComments, int runs, int concurrency, TimeSpan latency, CancellationToken cancellationToken)
    {
        var path = Path.Combine(Path.GetTempPath(), $"jq-bench-verbs-{count}-{maxComments}.csv");
        if (!File.Exists(path))
        {
            new SampleExportGenerator(new SampleExportSettings { Tickets = count, MaxComments = maxComments }).WriteFile(path);
        }

        var answer = LoopbackChatServer.Completion(ScoringBenchVerb.BenchAnswer, 2700, 600);
        await using var server = await LoopbackChatServer.StartAsync((_, _, _) => new LoopbackAnswer(200, answer, latency));
        var ideal = concurrency / latency.TotalSeconds;
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"LLM: {count} tickets into {provider}, stand-in latency {latency.TotalMilliseconds:0} ms, concurrency {concurrency}: ideal {ideal:0.00} conversations/s = {count / ideal:0.0} s; load average {LoadAverage()}"));
        var ratios = new List<double>();
        for (var run = 1; run <= runs; run++)
        {
            await using var database = await IngestionBenchmark.CreateDatabaseAsync(provider, postgres, cancellationToken);
            var environment = new Dictionary<string, string>
            {
                ["Database__Provider"] = provider.ToString(),
                ["ConnectionStrings__JiraQuality"] = database.ConnectionString,
                ["Data__Directory"] = Path.Combine(Path.GetTempPath(), "jq-bench-verbs-data"),
                ["Llm__Endpoint"] = server.Endpoint,
                ["Llm__ApiKey"] = "bench",
                ["Llm__Model"] = "gpt-5-nano",
                ["Llm__Concurrency"] = concurrency.ToString(CultureInfo.InvariantCulture),
            };
            await RunVerbAsync(["import", path], environment, cancellationToken);
            var requestsBefore = server.RequestCount;
            var process = await RunVerbAsync(["process"], environment, cancellationToken);
            var requests = server.RequestCount - requestsBefore;
            var again = await RunVerbAsync(["process"], environment, cancellationToken);
            var scoring = process.Elapsed - again.Elapsed;
            var ratio = count / scoring.TotalSeconds / ideal;
            ratios.Add(ratio);
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"LLM run {run}: process {process.Elapsed.TotalSeconds:0.00} s start to exit ({requests} requests, {Cpu(process)}) = {count / process.Elapsed.TotalSeconds:0.00} conversations/s; " +
                $"scoring part {scoring.TotalSeconds:0.00} s = {count / scoring.TotalSeconds:0.00}/s = {100 * ratio:0.0}% of ideal; again, nothing pending {again.Elapsed.TotalSeconds:0.00} s ({server.RequestCount - requestsBefore - requests} requests); load average {LoadAverage()}"));
        }

        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"LLM median: {100 * ratios.Order().ElementAt(ratios.Count / 2):0.0}% of ideal throughput through the process verb (concurrency {concurrency}, latency {latency.TotalMilliseconds:0} ms)"));
    }

    private static async Task<VerbTiming> RunVerbAsync(string[] arguments, Dictionary<string, string> environment, CancellationToken cancellationToken)
    {
        // The same executable: `dotnet JiraQuality.Web.dll …` or the apphost (the entry assembly, not this library).
        var start = new ProcessStartInfo(Environment.ProcessPath!) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(Environment.ProcessPath!) == "dotnet")
        {
            start.ArgumentList.Add(Assembly.GetEntryAssembly()!.Location);
        }

        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        var cpuBefore = ChildrenCpuSeconds();
        var watch = Stopwatch.StartNew();
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        long peak = 0;
        while (!process.HasExited)
        {
            try
            {
                process.Refresh();
                peak = Math.Max(peak, process.PeakWorkingSet64);
            }
            catch (InvalidOperationException)
            {
                // Exited between the check and the read.
            }

            await Task.WhenAny(process.WaitForExitAsync(cancellationToken), Task.Delay(100, cancellationToken));
        }

        await process.WaitForExitAsync(cancellationToken);
        watch.Stop();
        var text = await stdout;
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"'{string.Join(' ', arguments)}' exited with {process.ExitCode}: {await stderr}{text[Math.Max(0, text.Length - 2000)..]}");
        }

        var cpuAfter = ChildrenCpuSeconds();
        return new VerbTiming(watch.Elapsed, peak / (1024.0 * 1024), cpuAfter - cpuBefore);
    }

    private static string Cpu(VerbTiming timing) =>
        timing.CpuSeconds is { } cpu ? string.Create(CultureInfo.InvariantCulture, $"CPU {cpu:0.00} s") : "CPU n/a";

    /// <summary>
    /// User + system CPU seconds of the child processes that have ended (getrusage RUSAGE_CHILDREN), so a verb's CPU is
    /// the difference around it; null where that is not available. CPU time barely moves with the machine's load, wall
    /// time does.
    /// </summary>
    private static double? ChildrenCpuSeconds()
    {
        if (!OperatingSystem.IsLinux())
        {
            return null;
        }

        try
        {
            // struct rusage on 64-bit Linux: user and system time as two timevals (seconds, microseconds), then 14 longs.
            const int children = -1;
            var usage = new long[18];
            return GetResourceUsage(children, usage) == 0 ? usage[0] + (usage[1] / 1e6) + usage[2] + (usage[3] / 1e6) : null;
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
        {
            return null;
        }
    }

    [DllImport("libc", EntryPoint = "getrusage")]
    private static extern int GetResourceUsage(int who, [Out] long[] usage);

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

    private sealed record VerbTiming(TimeSpan Elapsed, double PeakMegabytes, double? CpuSeconds);

    private sealed record VerbRun(int Tickets, VerbTiming Import, VerbTiming Process, VerbTiming Again);
}
