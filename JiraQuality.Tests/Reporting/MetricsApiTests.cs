using System.Net;
using System.Text.Json;
using JiraQuality.Core.Conversations;
using JiraQuality.Core.Ingestion.Prepared;
using JiraQuality.Core.Storage;
using JiraQuality.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using static JiraQuality.Tests.Reporting.ConversationRows;

namespace JiraQuality.Tests.Reporting;

/// <summary>The metrics and conversation API over the real app and its SQLite database.</summary>
public sealed class MetricsApiTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Metrics_and_conversation_endpoints_answer_with_the_database_figures_and_name_bad_fields()
    {
        await using var factory = new JiraQualityAppFactory();
        using var client = factory.CreateClient();
        var contexts = factory.Services.GetRequiredService<JiraQualityContextFactory>();
        await using (var db = contexts.CreateDbContext())
        {
            db.ProcessedConversations.AddRange(
                Row("API-1", Now.AddHours(-1), r => r.Resolved = true),
                Row("API-2", Now.AddHours(-2), r => r.Resolved = false),
                Row("API-3", Now.AddHours(-30), r => r.Resolved = false));
            await db.SaveChangesAsync(Ct);
        }

        var json = await client.GetStringAsync("/api/metrics?window=24h&asOf=2024-04-10T12:00:00Z", Ct);
        using var metrics = JsonDocument.Parse(json);
        var resolved = metrics.RootElement.GetProperty("kpis").GetProperty("resolved");
        Assert.Equal(50, resolved.GetProperty("value").GetDouble());
        Assert.Equal(0, resolved.GetProperty("previous").GetDouble());
        Assert.Equal(50, resolved.GetProperty("delta").GetDouble());
        Assert.True(resolved.GetProperty("improved").GetBoolean());
        Assert.Equal(3, metrics.RootElement.GetProperty("kpis").GetProperty("volume").GetProperty("windows").GetProperty("7d").GetProperty("current").GetProperty("value").GetDouble());

        var filtered = JsonDocument.Parse(await client.GetStringAsync("/api/metrics?window=24h&asOf=2024-04-10T12:00:00Z&resolved=false", Ct));
        Assert.Equal(1, filtered.RootElement.GetProperty("kpis").GetProperty("volume").GetProperty("value").GetDouble());

        var badWindow = await client.GetAsync("/api/metrics?window=2w", Ct);
        Assert.Equal(HttpStatusCode.BadRequest, badWindow.StatusCode);
        Assert.Contains("'window'", await badWindow.Content.ReadAsStringAsync(Ct));
        var badAsOf = await client.GetAsync("/api/metrics?asOf=yesterday", Ct);
        Assert.Contains("'asOf'", await badAsOf.Content.ReadAsStringAsync(Ct));
        var badZone = await client.GetAsync("/api/metrics?tz=Mars/Olympus", Ct);
        Assert.Equal(HttpStatusCode.BadRequest, badZone.StatusCode);

        using var detail = JsonDocument.Parse(await client.GetStringAsync("/api/conversations/API-2", Ct));
        Assert.Equal("API-2", detail.RootElement.GetProperty("issueKey").GetString());
        Assert.False(detail.RootElement.GetProperty("processed").GetProperty("resolved").GetBoolean());
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/api/conversations/NONE-1", Ct)).StatusCode);

        using var list = JsonDocument.Parse(await client.GetStringAsync("/api/conversations?window=7d&asOf=2024-04-10T12:00:00Z&focus=unresolved", Ct));
        Assert.Equal(2, list.RootElement.GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task Downloads_write_the_current_filter_as_analysis_csv_and_redacted_jsonl()
    {
        await using var factory = new JiraQualityAppFactory();
        using var client = factory.CreateClient();
        var contexts = factory.Services.GetRequiredService<JiraQualityContextFactory>();
        await using (var db = contexts.CreateDbContext())
        {
            db.ProcessedConversations.AddRange(
                Row("EXP-1", Now.AddHours(-1), r => r.Resolved = true),
                Row("EXP-2", Now.AddHours(-2), r => r.Resolved = false),
                Row("EXP-3", Now.AddHours(-3), r => r.Resolved = false));
            foreach (var key in new[] { "EXP-1", "EXP-2", "EXP-3" })
            {
                db.PreparedConversations.Add(new PreparedConversation
                {
                    IssueKey = key,
                    Summary = "Laptop will not boot",
                    PreparedAtUtc = Now,
                    ThreadJson = ConversationJson.SerializeMessages(
                    [
                        new ConversationMessage { Index = 1, Role = MessageRole.Customer, Text = "Write to jane@example.com", RedactedText = "Write to [email]", TimestampUtc = Now.AddHours(-4) },
                    ]),
                });
            }

            await db.SaveChangesAsync(Ct);
        }

        var csv = await client.GetAsync("/api/conversations/export/csv?window=7d&asOf=2024-04-10T12:00:00Z&focus=unresolved", Ct);
        Assert.Equal(HttpStatusCode.OK, csv.StatusCode);
        Assert.Contains("attachment", csv.Content.Headers.ContentDisposition?.ToString() ?? csv.Headers.ToString());
        var csvLines = (await csv.Content.ReadAsStringAsync(Ct)).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("issue_key,", csvLines[0]);
        Assert.Equal(["EXP-2", "EXP-3"], csvLines.Skip(1).Select(l => l.Split(',')[0]).Order());

        var jsonl = await client.GetStringAsync("/api/conversations/export/jsonl?window=7d&asOf=2024-04-10T12:00:00Z&focus=unresolved", Ct);
        var records = jsonl.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l)).ToList();
        Assert.Equal(["EXP-2", "EXP-3"], records.Select(r => r.RootElement.GetProperty("issue_key").GetString()).Order());
        Assert.DoesNotContain("jane@example.com", jsonl);
        Assert.Contains("[email]", jsonl);

        var bad = await client.GetAsync("/api/conversations/export/jsonl?window=2w", Ct);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
    }
}
