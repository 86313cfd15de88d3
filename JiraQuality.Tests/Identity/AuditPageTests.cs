using System.Net;
using JiraQuality.Core.Identity;
using JiraQuality.Core.Storage;
using JiraQuality.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace JiraQuality.Tests.Identity;

public sealed class AuditPageTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task An_admin_sees_the_entries_newest_first_with_their_text_encoded()
    {
        await using var factory = new JiraQualityAppFactory();
        var client = await factory.CreateClientForAsync(Roles.Admin);
        var audit = factory.Services.GetRequiredService<AuditLog>();
        await audit.RecordAsync("older@example.net", AuditActions.Export, "first.csv", cancellationToken: Ct);
        await audit.RecordAsync("<b>bold</b>@example.net", AuditActions.SettingsChanged, "taxonomy", "Uploaded <script>alert(1)</script>.json", "10.1.2.3", Ct);

        var html = await client.GetStringAsync("/audit", Ct);

        Assert.Contains("id=\"audit-table\"", html, StringComparison.Ordinal);
        Assert.Contains("&lt;b&gt;bold&lt;/b&gt;@example.net", html, StringComparison.Ordinal);
        Assert.Contains("Uploaded &lt;script&gt;alert(1)&lt;/script&gt;.json", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>alert(1)", html, StringComparison.Ordinal);
        Assert.Contains("10.1.2.3", html, StringComparison.Ordinal);
        Assert.True(html.IndexOf("taxonomy", StringComparison.Ordinal) < html.IndexOf("first.csv", StringComparison.Ordinal), "Newest entry first");
        Assert.DoesNotContain("No audit entries match", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_nav_offers_the_audit_page_to_admins_only()
    {
        await using var factory = new JiraQualityAppFactory();
        var admin = await factory.CreateClientForAsync(Roles.Admin);
        var analyst = await factory.CreateClientForAsync(Roles.Analyst);

        Assert.Contains("id=\"nav-audit\"", await admin.GetStringAsync("/jobs", Ct), StringComparison.Ordinal);
        Assert.DoesNotContain("id=\"nav-audit\"", await analyst.GetStringAsync("/jobs", Ct), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(Roles.Viewer)]
    [InlineData(Roles.Analyst)]
    public async Task Viewers_and_analysts_are_refused(string role)
    {
        await using var factory = await JiraQualityAppFactory.ForProviderAsync(DatabaseProvider.Sqlite);
        var client = await factory.CreateClientForAsync(role, new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        await factory.Services.GetRequiredService<AuditLog>().RecordAsync("secret-actor@example.net", AuditActions.SignIn, cancellationToken: Ct);

        using var response = await client.GetAsync("/audit", Ct);

        Assert.Equal(HttpStatusCode.Found, response.StatusCode);
        Assert.StartsWith("/account/access-denied", response.Headers.Location!.IsAbsoluteUri ? response.Headers.Location.PathAndQuery : response.Headers.Location.OriginalString, StringComparison.Ordinal);
        Assert.DoesNotContain("secret-actor", await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }
}
