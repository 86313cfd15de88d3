using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace JiraQuality.Tests.Infrastructure;

/// <summary>
/// A real PostgreSQL for the tests: the one .ci/run started (JIRAQUALITY_TEST_POSTGRES), else a throwaway
/// cluster started here from the installed binaries and removed when the test run ends.
/// </summary>
public sealed class PostgresServer : IAsyncDisposable
{
    private static readonly SemaphoreSlim StartLock = new(1, 1);
    private static PostgresServer? _shared;
    private static string? _unavailableReason;

    private readonly string? _dataDirectory;
    private readonly string? _pgCtl;

    private PostgresServer(string adminConnectionString, string? dataDirectory, string? pgCtl)
    {
        AdminConnectionString = adminConnectionString;
        _dataDirectory = dataDirectory;
        _pgCtl = pgCtl;
    }

    public string AdminConnectionString { get; }

    /// <summary>The shared server, or null with the reason when none can be had.</summary>
    public static async Task<(PostgresServer? Server, string? Reason)> GetAsync()
    {
        await StartLock.WaitAsync();
        try
        {
            if (_shared is null && _unavailableReason is null)
            {
                try
                {
                    _shared = await StartAsync();
                }
                catch (Exception ex) when (ex is InvalidOperationException or IOException or System.ComponentModel.Win32Exception or NpgsqlException)
                {
                    _unavailableReason = ex.Message;
                }
            }

            return (_shared, _unavailableReason);
        }
        finally
        {
            StartLock.Release();
        }
    }

    /// <summary>Stops the cluster this run started, if any (called once when every test has finished).</summary>
    public static async Task StopSharedAsync()
    {
        await StartLock.WaitAsync();
        try
        {
            if (_shared is not null)
            {
                await _shared.DisposeAsync();
                _shared = null;
            }
        }
        finally
        {
            StartLock.Release();
        }
    }

    /// <summary>Creates an empty database for one test and returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync()
    {
        var name = "jq_test_" + Guid.NewGuid().ToString("N")[..16];
        await using (var connection = new NpgsqlConnection(AdminConnectionString))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await command.ExecuteNonQueryAsync();
        }

        // Idle connections of a finished test's database are closed within seconds, so hundreds of per-test pools
        // never hold the server's connection slots at once.
        return new NpgsqlConnectionStringBuilder(AdminConnectionString)
        {
            Database = name,
            Pooling = true,
            ConnectionIdleLifetime = 5,
            ConnectionPruningInterval = 1,
        }.ToString();
    }

    private static async Task<PostgresServer> StartAsync()
    {
        var fromEnvironment = Environment.GetEnvironmentVariable("JIRAQUALITY_TEST_POSTGRES");
        if (!string.IsNullOrWhiteSpace(fromEnvironment))
        {
            await using var probe = new NpgsqlConnection(fromEnvironment);
            await probe.OpenAsync();
            return new PostgresServer(fromEnvironment, null, null);
        }

        var binDirectory = FindPostgresBin()
            ?? throw new InvalidOperationException("PostgreSQL is not installed (no initdb under /usr/lib/postgresql/*/bin); set JIRAQUALITY_TEST_POSTGRES or install the postgresql package.");
        var initdb = Path.Combine(binDirectory, "initdb");
        var pgCtl = Path.Combine(binDirectory, "pg_ctl");
        var root = Path.Combine(Path.GetTempPath(), "jq-pg-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(root);
        var runAsPostgres = Environment.UserName == "root";
        if (runAsPostgres)
        {
            await RunAsync("chown", ["postgres:postgres", root], asPostgres: false);
        }

        var data = Path.Combine(root, "data");
        var port = FreePort();
        await RunAsync(initdb, ["-D", data, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--locale=C.UTF-8"], runAsPostgres);
        await RunAsync(pgCtl,
            ["-D", data, "-l", Path.Combine(root, "server.log"), "-w", "-t", "60", "-o",
             $"-p {port} -k {root} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300",
             "start"],
            runAsPostgres);
        var connectionString = $"Host=127.0.0.1;Port={port};Username=postgres;Database=postgres";
        return new PostgresServer(connectionString, data, pgCtl);
    }

    private static string? FindPostgresBin()
    {
        const string root = "/usr/lib/postgresql";
        if (!Directory.Exists(root))
        {
            return null;
        }

        return Directory.GetDirectories(root)
            .Select(d => Path.Combine(d, "bin"))
            .Where(d => File.Exists(Path.Combine(d, "initdb")))
            .OrderByDescending(d => int.TryParse(Path.GetFileName(Path.GetDirectoryName(d)), out var v) ? v : 0)
            .FirstOrDefault();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task RunAsync(string fileName, IReadOnlyList<string> arguments, bool asPostgres)
    {
        var start = new ProcessStartInfo(asPostgres ? "runuser" : fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        if (asPostgres)
        {
            foreach (var part in new[] { "-u", "postgres", "--", fileName })
            {
                start.ArgumentList.Add(part);
            }
        }

        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {fileName}.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{Path.GetFileName(fileName)} failed ({process.ExitCode}): {await stderr}{await stdout}");
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_dataDirectory is null || _pgCtl is null)
        {
            return;
        }

        try
        {
            NpgsqlConnection.ClearAllPools();
            await RunAsync(_pgCtl, ["-D", _dataDirectory, "-m", "immediate", "stop"], Environment.UserName == "root");
            Directory.Delete(Path.GetDirectoryName(_dataDirectory)!, recursive: true);
        }
        catch (InvalidOperationException)
        {
            // The server may already be gone at process exit.
        }
    }
}
