using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using JiraQuality.Core.Storage;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace JiraQuality.Benchmarks.Instances;

/// <summary>The scale-out bench's settings, receipts, template database and instance processes.</summary>
public static partial class ScaleOutBenchVerb
{
    private sealed record BenchSettings(string Postgres, int Concurrency, TimeSpan Latency, string JobsHubPath, string JobUpdatedEvent);

    /// <summary>The part of the hub's job message this benchmark reads (the hub sends more; the rest is ignored).</summary>
    private sealed record JobUpdate(Guid Id, int Completed, bool FromOtherInstance);

    private sealed record Receipt(int Client, Guid Job, int Completed, bool FromOtherInstance, long At);

    private sealed record ScaleOutRun(TimeSpan Elapsed, int LlmCalls, int Scored, IReadOnlyList<int> PerJob, IReadOnlyList<double> Lags);

    /// <summary>A database with the imported backlog and a user with an API token; each measured run copies it.</summary>
    private sealed class TemplateDatabase : IAsyncDisposable
    {
        private readonly string _admin;

        private TemplateDatabase(string admin, string name, string token, int pending)
        {
            _admin = admin;
            Name = name;
            Token = token;
            Pending = pending;
        }

        public string Name { get; }
        public string Token { get; }
        public int Pending { get; }

        public static async Task<TemplateDatabase> CreateAsync(string admin, string exportPath, TextWriter output, CancellationToken cancellationToken)
        {
            var name = "jq_bench_so_template_" + Guid.NewGuid().ToString("N")[..8];
            await ExecuteAsync(admin, $"CREATE DATABASE {name}", cancellationToken);
            var connectionString = new NpgsqlConnectionStringBuilder(admin) { Database = name }.ToString();
            var environment = VerbEnvironment(connectionString);
            await RunVerbAsync(["import", exportPath], environment, cancellationToken);
            await RunVerbAsync(["users", "add", BenchUser, "--role", "viewer"], environment, cancellationToken);
            var tokenOutput = await RunVerbAsync(["tokens", "create", BenchUser, "--name", "bench"], environment, cancellationToken);
            var token = tokenOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)[^1];
            var factory = new JiraQualityContextFactory(new StorageOptions { Provider = DatabaseProvider.Postgres, ConnectionString = connectionString });
            int pending;
            await using (var db = factory.CreateDbContext())
            {
                pending = await db.PreparedConversations.CountAsync(cancellationToken) - await db.ProcessedConversations.CountAsync(cancellationToken);
            }

            // A template must have no connections while it is copied.
            NpgsqlConnection.ClearAllPools();
            await output.WriteLineAsync($"Template database {name} imported from {exportPath}");
            return new TemplateDatabase(admin, name, token, pending);
        }

        public async ValueTask DisposeAsync()
        {
            NpgsqlConnection.ClearAllPools();
            await ExecuteAsync(_admin, $"DROP DATABASE IF EXISTS {Name} WITH (FORCE)", CancellationToken.None);
        }
    }

    /// <summary>One app instance (<c>serve</c>) on a free loopback port.</summary>
    private sealed class InstanceProcess : IAsyncDisposable
    {
        private readonly Process _process;
        private readonly ConcurrentQueue<string> _output = new();

        private InstanceProcess(Process process, string url)
        {
            _process = process;
            Url = url;
        }

        public string Url { get; }

        public static InstanceProcess Start(string connectionString, BenchSettings settings, string llmEndpoint)
        {
            var port = FreePort();
            var url = $"http://127.0.0.1:{port}";
            var environment = VerbEnvironment(connectionString);
            environment["Urls"] = url;
            environment["Llm__Endpoint"] = llmEndpoint;
            environment["Llm__ApiKey"] = "bench";
            environment["Llm__Model"] = "gpt-5-nano";
            environment["Llm__Concurrency"] = settings.Concurrency.ToString(CultureInfo.InvariantCulture);

            // Takes a job queued in the table within a quarter second.
            environment["Jobs__RecoveryInterval"] = "00:00:00.250";
            var process = Process.Start(StartInfo(["serve"], environment))!;
            var instance = new InstanceProcess(process, url);
            process.OutputDataReceived += (_, e) => instance.Keep(e.Data);
            process.ErrorDataReceived += (_, e) => instance.Keep(e.Data);
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            return instance;
        }

        private void Keep(string? line)
        {
            if (line is null)
            {
                return;
            }

            _output.Enqueue(line);
            while (_output.Count > 200)
            {
                _output.TryDequeue(out _);
            }
        }

        public async Task WaitUntilServingAsync(string token, CancellationToken cancellationToken)
        {
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
            http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
            var watch = Stopwatch.StartNew();
            while (true)
            {
                if (_process.HasExited)
                {
                    throw new InvalidOperationException($"The instance on {Url} exited with {_process.ExitCode}: {string.Join('\n', _output)}");
                }

                try
                {
                    using var response = await http.GetAsync(Url + "/api/jobs", cancellationToken);
                    if (response.IsSuccessStatusCode)
                    {
                        return;
                    }
                }
                catch (HttpRequestException)
                {
                    // Not listening yet.
                }
                catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    // Slow to answer while starting.
                }

                if (watch.Elapsed > TimeSpan.FromMinutes(3))
                {
                    throw new TimeoutException($"The instance on {Url} did not answer /api/jobs: {string.Join('\n', _output)}");
                }

                await Task.Delay(200, cancellationToken);
            }
        }

        private static int FreePort()
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            return ((IPEndPoint)listener.LocalEndpoint).Port;
        }

        public async ValueTask DisposeAsync()
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }

            _process.Dispose();
        }
    }
}
