using JiraQuality.Core.Alerts;
using JiraQuality.Core.Storage;
using JiraQuality.Tests.Infrastructure;
using JiraQuality.Tests.Scoring;
using Microsoft.EntityFrameworkCore;

namespace JiraQuality.Tests.Alerts;

/// <summary>The <c>process</c> verb, run as an operator runs it, evaluates the rules on what it stored and sends them.</summary>
public sealed class ProcessVerbAlertTests
{
    [Fact]
    public async Task The_process_verb_sends_the_alerts_of_the_conversations_it_scored()
    {
        await using var receiver = await AlertReceiver.StartAsync();
        using var cli = new CliProcess("alerts-process");
        foreach (var (key, value) in AlertTestHost.WebhookChannel(receiver.Url(), "cli-secret", "ops", ("customer-abuse", "immediate")))
        {
            cli.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        var migrated = await cli.RunAsync("migrate");
        Assert.True(migrated.ExitCode == 0, migrated.Error);
        var database = new JiraQualityContextFactory(new StorageOptions
        {
            Provider = DatabaseProvider.Sqlite,
            ConnectionString = $"Data Source={Path.Combine(cli.Directory, "cli.db")};Pooling=False",
        });
        await using (var db = database.CreateDbContext())
        {
            db.AddRange(ScoringTestSupport.Prepared(AlertTestHost.Abusive("CLI-1")), ScoringTestSupport.Prepared(AlertTestHost.Polite("CLI-2")));
            await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        }

        var (exitCode, output, error) = await cli.RunAsync("process", "--no-llm");

        Assert.True(exitCode == 0, error);
        Assert.Contains("Alerts: 1 new, 1 sent, 0 waiting to be retried, 0 failed.", output);
        var request = Assert.Single(receiver.Requests);
        Assert.Contains("\"issueKey\":\"CLI-1\"", request.Text);
        Assert.Equal(WebhookAlertSender.Sign(request.Body, "cli-secret"), request.Headers[WebhookAlertSender.SignatureHeader]);
        Assert.DoesNotContain("cli-secret", output + error);

        // Running it again scores nothing new and alerts nothing again.
        var again = await cli.RunAsync("process", "--no-llm", "--issue", "CLI-1");
        Assert.True(again.ExitCode == 0, again.Error);
        Assert.Contains("Alerts: 0 new, 0 sent", again.Output);
        Assert.Single(receiver.Requests);
        await using (var db = database.CreateDbContext())
        {
            Assert.Equal(AlertDeliveryStates.Sent, (await db.Set<AlertDelivery>().SingleAsync(TestContext.Current.CancellationToken)).State);
        }
    }
}
