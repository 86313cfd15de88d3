using JiraQuality.Core.Alerts;
using JiraQuality.Core.Storage;
using JiraQuality.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace JiraQuality.Tests.Alerts;

/// <summary>The evaluation's scan for conversations stored since its watermark reads the processed-time index, not the whole table.</summary>
public sealed class AlertWatermarkIndexTests
{
    private const string IndexName = "IX_jira_processed_conversations_processed_at_utc";

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_watermark_scan_uses_the_processed_time_index(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var ct = TestContext.Current.CancellationToken;
        await using var context = db.Factory.CreateDbContext();
        var rules = new List<AlertRuleOptions>
        {
            new() { Kind = AlertRuleKinds.CustomerAbuse, Channel = "ops" },
            new() { Kind = AlertRuleKinds.LowScore, Channel = "ops", Threshold = 2 },
        };
        var query = AlertEvaluationService.CandidatesQuery(AlertEvaluationService.StoredSince(context, DateTime.UtcNow.AddMinutes(-10)), rules);

        await context.Database.OpenConnectionAsync(ct);
        await using var command = query.CreateDbCommand();
        if (provider == DatabaseProvider.Postgres)
        {
            // An empty table is cheapest to read whole; forbidding that shows whether the index can serve the scan at all.
            await context.Database.ExecuteSqlRawAsync("SET enable_seqscan = off", ct);
            command.CommandText = "EXPLAIN " + command.CommandText;
        }
        else
        {
            command.CommandText = "EXPLAIN QUERY PLAN " + command.CommandText;
        }

        var plan = new List<string>();
        await using (var reader = await command.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                plan.Add(reader.GetValue(reader.FieldCount - 1).ToString()!);
            }
        }

        var text = string.Join("\n", plan);
        Assert.Contains(IndexName, text, StringComparison.OrdinalIgnoreCase);
    }
}
