using System.Net;
using System.Net.Sockets;
using JiraQuality.Tests.Infrastructure;

namespace JiraQuality.Tests.Instances;

/// <summary>
/// Two app hosts in this process on one database of the test PostgreSQL server, each on its own loopback port, the way
/// two instances behind a load balancer share one database. A starts (and migrates) first, then B.
/// </summary>
public sealed class TwoInstances : IAsyncDisposable
{
    private TwoInstances(JiraQualityAppFactory a, string urlA, JiraQualityAppFactory b, string urlB, string connectionString)
    {
        A = a;
        UrlA = urlA;
        B = b;
        UrlB = urlB;
        ConnectionString = connectionString;
    }

    public JiraQualityAppFactory A { get; }
    public JiraQualityAppFactory B { get; }
    public string UrlA { get; }
    public string UrlB { get; }
    public string ConnectionString { get; }

    public static async Task<TwoInstances> StartAsync(
        IDictionary<string, string?>? settings = null,
        Func<IDictionary<string, string?>, JiraQualityAppFactory>? create = null)
    {
        var (server, reason) = await PostgresServer.GetAsync();
        TestEnvironment.RequireOrSkip(server is not null, $"PostgreSQL is not available: {reason}");
        var connectionString = await server!.CreateDatabaseAsync();
        create ??= s => new JiraQualityAppFactory(s);

        JiraQualityAppFactory Host()
        {
            var all = new Dictionary<string, string?>(settings ?? new Dictionary<string, string?>())
            {
                ["Database:Provider"] = "Postgres",
                ["ConnectionStrings:JiraQuality"] = connectionString,
            };
            return create(all);
        }

        var a = Host();
        var urlA = a.StartKestrel();
        var b = Host();
        var urlB = b.StartKestrel();
        return new TwoInstances(a, urlA, b, urlB, connectionString);
    }

    /// <summary>A loopback port free right now (for a proxy whose address the hosts must know before it starts).</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        await B.DisposeAsync();
        await A.DisposeAsync();
        using var connection = new Npgsql.NpgsqlConnection(ConnectionString);
        Npgsql.NpgsqlConnection.ClearPool(connection);
    }
}
