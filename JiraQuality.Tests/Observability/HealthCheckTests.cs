using System.Net;
using JiraQuality.Core.Storage;
using JiraQuality.Tests.Infrastructure;
using Npgsql;

namespace JiraQuality.Tests.Observability;

/// <summary>The health endpoints a load balancer calls: anonymous, before the first admin too, and telling nothing but the state.</summary>
public sealed class HealthCheckTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Live_and_ready_answer_healthy_to_anyone_even_before_the_first_admin_exists(DatabaseProvider provider)
    {
        await using var app = await JiraQualityAppFactory.ForProviderAsync(provider);
        using var anonymous = app.CreateAnonymousClient();

        foreach (var path in new[] { "/health/live", "/health/ready" })
        {
            using var response = await anonymous.GetAsync(path, Ct);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("Healthy", await response.Content.ReadAsStringAsync(Ct));
        }

        // The first-run gate still holds for everything else.
        using var api = await anonymous.GetAsync("/api/jobs", Ct);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, api.StatusCode);
    }

    [Fact]
    public async Task Ready_turns_unhealthy_without_details_when_the_database_goes_while_live_stays_healthy()
    {
        var (server, reason) = await PostgresServer.GetAsync();
        TestEnvironment.RequireOrSkip(server is not null, $"PostgreSQL is not available: {reason}");
        var connectionString = await server!.CreateDatabaseAsync();
        await using var app = new JiraQualityAppFactory(new Dictionary<string, string?>
        {
            ["Database:Provider"] = "Postgres",
            ["ConnectionStrings:JiraQuality"] = connectionString,
        });
        using var anonymous = app.CreateAnonymousClient();
        using (var before = await anonymous.GetAsync("/health/ready", Ct))
        {
            Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        }

        var database = new NpgsqlConnectionStringBuilder(connectionString).Database!;
        await using (var admin = new NpgsqlConnection(server.AdminConnectionString))
        {
            await admin.OpenAsync(Ct);
            await using var drop = new NpgsqlCommand($"DROP DATABASE \"{database}\" WITH (FORCE)", admin);
            await drop.ExecuteNonQueryAsync(Ct);
        }

        using var ready = await anonymous.GetAsync("/health/ready", Ct);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        var body = await ready.Content.ReadAsStringAsync(Ct);
        Assert.Equal("Unhealthy", body);
        Assert.DoesNotContain(database, body, StringComparison.Ordinal);

        using var live = await anonymous.GetAsync("/health/live", Ct);
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
    }
}
