using JiraQuality.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;

namespace JiraQuality.Tests.Hosting;

/// <summary>
/// Every settings class is checked when the app starts: a value that cannot work stops the start with a message naming
/// the setting by its full key, instead of failing later at the first import, sync or page that reads it.
/// </summary>
public sealed class OptionsValidationTests
{
    public static TheoryData<string, string, string> InvalidSettings => new()
    {
        // key, a value that cannot work, the text the error must contain
        { "Jobs:LogTailLines", "0", "Jobs:LogTailLines must be at least 1." },
        { "Jira:PageSize", "500", "Jira:PageSize must be from 1 to 100." },
        { "Jira:BaseUrl", "jira.example.test", "Jira:BaseUrl (JIRA_BASE_URL) must be an absolute http(s) address" },
        { "Schedule:Cron", "every now and then", "Schedule:Cron is not a valid cron expression" },
        { "Refresh:CronSecret", "short", "Refresh:CronSecret must be empty or at least 16 characters long." },
        { "Webhooks:MaxFetchAttempts", "0", "Webhooks:MaxFetchAttempts must be at least 1." },
        { "Webhooks:DeliveryRetention", "01:00:00", "Webhooks:DeliveryRetention must be at least 6 hours" },
        { "Llm:Concurrency", "0", "Llm:Concurrency must be from 1 to 256." },
        { "Llm:Endpoint", "ftp://models.example.test", "Llm:Endpoint must be an absolute http(s) address or empty" },
        { "Scoring:Scorer", "magic", "Scoring:Scorer must be auto, heuristic or llm." },
        { "Scoring:BatchSize", "0", "Scoring:BatchSize must be from 1 to 100000." },
        { "Metrics:TopAgentsLimit", "0", "Metrics:TopAgentsLimit must be from 1 to 1000." },
        { "Metrics:DefaultTimeZone", "Mars/Olympus", "Metrics:DefaultTimeZone is not a known time zone" },
        { "Review:MaxImportRows", "0", "Review:MaxImportRows must be a whole number from 1 to 10000000." },
        { "Audit:RetentionDays", "0", "Audit:RetentionDays must be a whole number of days from 1 to 36500." },
        { "Ingestion:BatchSize", "0", "Ingestion:BatchSize must be above 0." },
        { "Ingestion:UnlistedAgentTier", "boss", "Ingestion:UnlistedAgentTier 'boss' is not Tier 1, Tier 2 or Non agent." },
        { "Sample:File", "", "Sample:File is required" },
        { "Database:Provider", "Postgres", "ConnectionStrings:JiraQuality (environment: ConnectionStrings__JiraQuality) is empty." },
        { "Alerts:MaxAttempts", "0", "Alerts:MaxAttempts must be at least 1." },
        { "Oidc:Authority", "https://login.example.test", "Oidc:ClientId: required when Oidc:Authority is set." },
        { "SignalR:Redis", "127.0.0.1:6379,nosuchoption=1", "SignalR:Redis is not a valid Redis connection string" },
        { "DataProtection:ApplicationName", "", "DataProtection:ApplicationName is required" },
        { "Web:AllowedOrigins", "not-an-origin", "Web:AllowedOrigins: 'not-an-origin' is not an origin" },
    };

    [Theory]
    [MemberData(nameof(InvalidSettings))]
    public async Task A_setting_that_cannot_work_stops_start_up_with_an_error_naming_it(string key, string value, string expected)
    {
        var settings = new Dictionary<string, string?> { [key] = value };
        if (key == "Database:Provider")
        {
            settings["ConnectionStrings:JiraQuality"] = "";
        }

        var logged = new System.Collections.Concurrent.ConcurrentQueue<string>();
        await using var factory = new JiraQualityAppFactory(settings);
        using var logging = factory.WithWebHostBuilder(builder => builder.ConfigureLogging(l => l.AddProvider(new CapturingLoggerProvider(logged, LogLevel.Error, Describe))));

        var error = Record.Exception(() => logging.CreateClient());

        // What an operator reads is the host's start-up failure in the log. The exception the test host rethrows is
        // usually the same one, but when the failure disposes the container under a busy machine it can be a follow-on
        // ObjectDisposedException instead, so both are read.
        Assert.NotNull(error);
        Assert.Contains(expected, Describe(error) + " | " + string.Join(" | ", logged), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_shipped_settings_start()
    {
        await using var factory = new JiraQualityAppFactory();

        var response = await factory.CreateClient().GetAsync("/health/live", TestContext.Current.CancellationToken);

        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}");
    }

    private static string Describe(Exception error) =>
        error is AggregateException aggregate
            ? string.Join(" | ", aggregate.InnerExceptions.Select(Describe))
            : error.Message + (error.InnerException is { } inner ? " | " + Describe(inner) : "");
}
