using Bunit;
using JiraQuality.Core.Identity;
using JiraQuality.Core.Storage;
using JiraQuality.Tests.Identity;
using JiraQuality.Tests.Infrastructure;
using JiraQuality.Web.Features.Scoring;
using JiraQuality.Web.Features.Settings;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using MudBlazor.Services;

namespace JiraQuality.Tests.Settings;

public sealed class SettingsAuditTests : BunitContext, IAsyncLifetime
{
    private TestDatabase? _database;

    public SettingsAuditTests()
    {
        Services.AddSingleton(_ => new AuditLog(_database!.Factory, new FakeTimeProvider(new DateTimeOffset(2026, 3, 1, 9, 0, 0, TimeSpan.Zero))));
        Services.AddPageServices(() => _database!.Factory);
        Services.AddMudServices();
        AddAuthorization().SetAuthorized("admin@example.net").SetRoles(Roles.Admin)
            .SetClaims(new System.Security.Claims.Claim(System.Security.Claims.ClaimTypes.Email, "admin@example.net"));
        JSInterop.Mode = JSRuntimeMode.Loose;
        SetRendererInfo(new Microsoft.AspNetCore.Components.RendererInfo("Server", isInteractive: true));
    }

    ValueTask IAsyncLifetime.InitializeAsync() => ValueTask.CompletedTask;

    async ValueTask IAsyncDisposable.DisposeAsync() => await DisposeAsync();

    [Fact]
    public async Task A_taxonomy_upload_and_reset_each_write_one_settings_entry_as_the_signed_in_admin()
    {
        await using var db = _database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        using var host = new SettingsSectionsHost(db, llm: null);
        Services.AddFallbackServiceProvider(host.Services);
        var section = Render<TaxonomySection>();

        section.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromText("""{"reasons":[{"label":"Refund"}]}""", "shop.json"));
        section.WaitForAssertion(() => Assert.Contains("Uploaded on this page", section.Find("#taxonomy-source").TextContent));
        await section.Find("#taxonomy-reset").ClickAsync(new Microsoft.AspNetCore.Components.Web.MouseEventArgs());
        section.WaitForAssertion(() => Assert.Contains("Shipped default", section.Find("#taxonomy-source").TextContent));

        var entries = await PersonalDataFixtures.AuditEntriesAsync(db.Factory);
        Assert.Equal(2, entries.Count);
        Assert.All(entries, e =>
        {
            Assert.Equal("admin@example.net", e.Actor);
            Assert.Equal(AuditActions.SettingsChanged, e.Action);
            Assert.Equal(SettingsAudit.Taxonomy, e.Target);
        });
        Assert.Contains("shop.json", entries[0].Detail, StringComparison.Ordinal);
        Assert.Contains("default", entries[1].Detail, StringComparison.Ordinal);
    }
}
