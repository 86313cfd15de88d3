using System.Net;
using System.Text.Json;
using JiraQuality.Core.Identity;
using JiraQuality.Core.Storage;
using JiraQuality.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using static JiraQuality.Tests.Identity.PersonalDataFixtures;

namespace JiraQuality.Tests.Identity;

/// <summary>The drill-down page, the conversations API and the exports over the real app: no personal data for a viewer.</summary>
public sealed class PersonalDataApiTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private const string Window = "window=30d&asOf=2024-04-10T12:00:00Z";

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_viewer_gets_no_card_email_or_phone_in_the_page_the_json_or_the_exports_and_asking_for_them_is_forbidden(DatabaseProvider provider)
    {
        await using var factory = await JiraQualityAppFactory.ForProviderAsync(provider);
        using var client = factory.CreateClient();
        var contexts = factory.Services.GetRequiredService<JiraQualityContextFactory>();
        await SeedAsync(contexts, "PII-9");

        var page = await client.GetStringAsync("/conversations/PII-9", Ct);
        Assert.Contains("my card [card] was charged twice", page);
        AssertNoPersonalData(page);
        Assert.DoesNotContain("id=\"show-original\"", page);

        var detail = await client.GetStringAsync("/api/conversations/PII-9", Ct);
        using (var json = JsonDocument.Parse(detail))
        {
            Assert.True(json.RootElement.GetProperty("redacted").GetBoolean());
        }

        Assert.Contains("[card]", detail);
        AssertNoPersonalData(detail);
        AssertNoPersonalData(await client.GetStringAsync($"/api/conversations?{Window}", Ct));

        // The dashboard's abusive-customer and tip panels name the reporter and quote the scorer's tip.
        var metrics = await client.GetStringAsync("/api/metrics?window=24h&asOf=2024-04-10T12:00:00Z", Ct);
        Assert.Contains("PII-9", metrics);
        Assert.Contains("[email]", metrics);
        AssertNoPersonalData(metrics);
        AssertNoPersonalData(await client.GetStringAsync("/?window=24h&asOf=2024-04-10T12:00:00Z", Ct));

        var asked = await client.GetAsync("/api/conversations/PII-9?includePii=true", Ct);
        Assert.Equal(HttpStatusCode.Forbidden, asked.StatusCode);
        AssertNoPersonalData(await asked.Content.ReadAsStringAsync(Ct));

        foreach (var export in new[] { $"/api/conversations/export/csv?{Window}", $"/api/conversations/export/jsonl?{Window}", "/api/scoring/analysis.csv" })
        {
            var body = await client.GetStringAsync(export, Ct);
            Assert.Contains("PII-9", body);
            AssertNoPersonalData(body);
            var forbidden = await client.GetAsync(export + (export.Contains('?') ? "&" : "?") + "includePii=true", Ct);
            Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        }

        // Three downloads, three entries; the refused asks wrote nothing and read nothing.
        var entries = await AuditEntriesAsync(contexts);
        Assert.Equal(3, entries.Count);
        Assert.All(entries, e => Assert.Equal((AuditActions.Export, "Redacted"), (e.Action, e.Detail![..8])));
        Assert.Contains(entries, e => e.Target!.StartsWith("conversations-", StringComparison.Ordinal) && e.Target.EndsWith(".jsonl", StringComparison.Ordinal));
    }
}
