using System.Net;
using System.Text.Json;
using JiraQuality.Core.Identity;
using JiraQuality.Core.Storage;
using JiraQuality.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static JiraQuality.Tests.Identity.PersonalDataFixtures;

namespace JiraQuality.Tests.Identity;

/// <summary>The drill-down page, the conversations API and the exports over the real app, signed in per role.</summary>
public sealed class PersonalDataApiTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private const string Window = "window=30d&asOf=2024-04-10T12:00:00Z";

    private static readonly string[] Exports = [$"/api/conversations/export/csv?{Window}", $"/api/conversations/export/jsonl?{Window}", "/api/scoring/analysis.csv"];

    private static string WithPii(string url) => url + (url.Contains('?') ? "&" : "?") + "includePii=true";

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_viewer_gets_no_card_email_or_phone_in_any_page_or_json_and_asking_for_them_is_forbidden(DatabaseProvider provider)
    {
        await using var factory = await JiraQualityAppFactory.ForProviderAsync(provider);
        using var client = await factory.CreateClientForAsync(Roles.Viewer);
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
        AssertNoPersonalData(await client.GetStringAsync($"/conversations?{Window}", Ct));

        // The dashboard's abusive-customer and tip panels name the reporter and quote the scorer's tip.
        var metrics = await client.GetStringAsync("/api/metrics?window=24h&asOf=2024-04-10T12:00:00Z", Ct);
        Assert.Contains("PII-9", metrics);
        Assert.Contains("[email]", metrics);
        AssertNoPersonalData(metrics);
        AssertNoPersonalData(await client.GetStringAsync("/?window=24h&asOf=2024-04-10T12:00:00Z", Ct));

        var asked = await client.GetAsync("/api/conversations/PII-9?includePii=true", Ct);
        Assert.Equal(HttpStatusCode.Forbidden, asked.StatusCode);
        AssertNoPersonalData(await asked.Content.ReadAsStringAsync(Ct));

        // Exports are for analysts and admins.
        foreach (var export in Exports)
        {
            Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync(export, Ct)).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync(WithPii(export), Ct)).StatusCode);
        }

        Assert.DoesNotContain(await AuditEntriesAsync(contexts), e => e.Action is AuditActions.RevealPersonalData or AuditActions.Export);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task An_analysts_exports_are_redacted_unless_asked_and_every_export_and_reveal_is_audited(DatabaseProvider provider)
    {
        await using var factory = await JiraQualityAppFactory.ForProviderAsync(provider);
        using var client = await factory.CreateClientForAsync(Roles.Analyst);
        var contexts = factory.Services.GetRequiredService<JiraQualityContextFactory>();
        await SeedAsync(contexts, "PII-8");

        foreach (var export in Exports)
        {
            var redacted = await client.GetStringAsync(export, Ct);
            Assert.Contains("PII-8", redacted);
            AssertNoPersonalData(redacted);
            Assert.Contains(Card, await client.GetStringAsync(WithPii(export), Ct));
        }

        Assert.DoesNotContain(Card, await client.GetStringAsync("/api/conversations/PII-8", Ct));
        var original = await client.GetStringAsync("/api/conversations/PII-8?includePii=true", Ct);
        Assert.Contains($"my card {Card}", original);
        using (var json = JsonDocument.Parse(original))
        {
            Assert.False(json.RootElement.GetProperty("redacted").GetBoolean());
        }

        var entries = (await AuditEntriesAsync(contexts)).Where(e => e.Action is AuditActions.RevealPersonalData or AuditActions.Export).ToList();
        var analyst = JiraQualityAppFactory.EmailFor(Roles.Analyst);
        Assert.All(entries, e => Assert.Equal(analyst, e.Actor));
        Assert.Equal(6, entries.Count(e => e.Action == AuditActions.Export));
        Assert.Equal(3, entries.Count(e => e.Action == AuditActions.Export && e.Detail!.StartsWith("Original", StringComparison.Ordinal)));
        var reveal = Assert.Single(entries, e => e.Action == AuditActions.RevealPersonalData);
        Assert.Equal("PII-8", reveal.Target);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_user_scoped_to_a_hub_gets_only_its_conversations_from_the_api_and_pages_and_404_for_another_hub(DatabaseProvider provider)
    {
        await using var factory = await JiraQualityAppFactory.ForProviderAsync(provider);
        var contexts = factory.Services.GetRequiredService<JiraQualityContextFactory>();
        await SeedAsync(contexts, "HUBA-1", "Hub A");
        await SeedAsync(contexts, "HUBB-1", "Hub B");
        var user = await factory.EnsureUserAsync(Roles.Analyst);
        await using (var db = contexts.CreateDbContext())
        {
            await db.Users.Where(u => u.Id == user.Id).ExecuteUpdateAsync(u => u.SetProperty(x => x.AllowedHubs, "Hub A"), Ct);
        }

        using var client = await factory.CreateClientForAsync(Roles.Analyst);

        var list = await client.GetStringAsync($"/api/conversations?{Window}", Ct);
        Assert.Contains("HUBA-1", list);
        Assert.DoesNotContain("HUBB-1", list);
        using (var metrics = JsonDocument.Parse(await client.GetStringAsync($"/api/metrics?{Window}", Ct)))
        {
            Assert.Equal(1, metrics.RootElement.GetProperty("kpis").GetProperty("volume").GetProperty("value").GetDouble());
        }

        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/api/conversations/HUBB-1", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/api/conversations/HUBB-1?includePii=true", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/conversations/HUBA-1", Ct)).StatusCode);
        var otherHubPage = await client.GetStringAsync("/conversations/HUBB-1", Ct);
        Assert.Contains("detail-not-found", otherHubPage);
        Assert.DoesNotContain("charged twice", otherHubPage);
        Assert.Contains("charged twice", await client.GetStringAsync("/conversations/HUBA-1", Ct));
        foreach (var export in Exports)
        {
            var body = await client.GetStringAsync(export, Ct);
            Assert.Contains("HUBA-1", body);
            Assert.DoesNotContain("HUBB-1", body);
        }

        // An admin without a scope sees both.
        using var admin = factory.CreateClient();
        Assert.Contains("HUBB-1", await admin.GetStringAsync($"/api/conversations?{Window}", Ct));
    }
}
