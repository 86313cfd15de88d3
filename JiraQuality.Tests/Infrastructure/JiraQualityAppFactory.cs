using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace JiraQuality.Tests.Infrastructure;

/// <summary>
/// The real app in-process, on its own SQLite file unless a test gives it another database. Settings
/// are overridden per instance, the way environment variables would.
/// </summary>
public partial class JiraQualityAppFactory : WebApplicationFactory<Program>
{
    private readonly Dictionary<string, string?> _settings;
    private readonly string _dataDirectory;

    public JiraQualityAppFactory(IDictionary<string, string?>? settings = null)
    {
        _dataDirectory = Path.Combine(Path.GetTempPath(), "jq-app-" + Guid.NewGuid().ToString("N")[..10]);
        Directory.CreateDirectory(_dataDirectory);
        _settings = new Dictionary<string, string?>
        {
            ["Data:Directory"] = _dataDirectory,
            ["ConnectionStrings:JiraQuality"] = $"Data Source={Path.Combine(_dataDirectory, "test.db")};Pooling=False",
            ["Sample:ImportOnFirstStart"] = "false",
            ["Schedule:Enabled"] = "false",
            ["Urls"] = "http://127.0.0.1:0",
            // Hundreds of in-process apps log to the one console; only warnings and errors are worth reading
            // there, and they must not bury a failing test's report.
            ["Logging:Console:LogLevel:Default"] = "Warning",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            _settings[key] = value;
        }
    }

    public string DataDirectory => _dataDirectory;

    /// <summary>The app on its own SQLite file, or on a fresh database of the test PostgreSQL server.</summary>
    public static async Task<JiraQualityAppFactory> ForProviderAsync(Core.Storage.DatabaseProvider provider)
    {
        if (provider == Core.Storage.DatabaseProvider.Sqlite)
        {
            return new JiraQualityAppFactory();
        }

        var (server, reason) = await PostgresServer.GetAsync();
        TestEnvironment.RequireOrSkip(server is not null, $"PostgreSQL is not available: {reason}");
        return new JiraQualityAppFactory(new Dictionary<string, string?>
        {
            ["Database:Provider"] = "Postgres",
            ["ConnectionStrings:JiraQuality"] = await server!.CreateDatabaseAsync(),
        });
    }

    /// <summary>Serves on a real loopback port so a browser can connect.</summary>
    public string StartKestrel()
    {
        UseKestrel(0);
        StartServer();
        var baseUrl = ClientOptions.BaseAddress.ToString().TrimEnd('/');
        RegisterOrigin(baseUrl);
        return baseUrl;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }
    }

    protected override void Dispose(bool disposing)
    {
        UnregisterOrigin();
        base.Dispose(disposing);
        try
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // Left for the OS temp cleaner.
        }
    }
}
