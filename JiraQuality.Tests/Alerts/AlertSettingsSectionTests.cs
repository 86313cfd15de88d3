using Bunit;
using JiraQuality.Core.Identity;
using JiraQuality.Core.Storage;
using JiraQuality.Tests.Infrastructure;
using JiraQuality.Web.Features.Alerts;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;

namespace JiraQuality.Tests.Alerts;

/// <summary>
/// The Alerts section's forms as a signed-in admin uses them: errors at the fields, secrets never rendered back, a
/// confirmation before deleting, and one audit entry per change.
/// </summary>
public sealed class AlertSettingsSectionTests : BunitContext, IAsyncLifetime
{
    private TestDatabase? _database;

    public AlertSettingsSectionTests()
    {
        // The page's user and its audit are scoped to the render, so they are registered here, not on the host.
        Services.AddSingleton(_ => new AuditLog(_database!.Factory, TimeProvider.System));
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
    public async Task An_admin_adds_a_channel_and_a_rule_with_field_errors_shown_at_the_fields_and_each_change_audited()
    {
        await using var db = _database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        using var host = AlertTestHost.Build(db, AlertTestHost.WebhookChannel("https://settings.test/hook", "settings-secret", "ops"));
        Services.AddFallbackServiceProvider(host.Services);
        var dialogs = Render<MudBlazor.MudDialogProvider>();
        var section = Render<AlertsSettingsSection>();
        section.WaitForElement("#alert-channel-form");

        section.Find("#alert-channel-name").Input("OPS");
        section.Find("#alert-channel-url").Input("not a url");
        section.Find("#alert-channel-secret").Input("typed-secret-never-shown-1");
        await section.Find("#alert-channel-form").SubmitAsync();

        section.WaitForAssertion(() => Assert.Contains("Name 'OPS' is already used by a channel from settings.", section.Find("#alert-channel-form").TextContent));
        Assert.Contains("URL must be an absolute http:// or https:// address", section.Find("#alert-channel-form").TextContent);
        Assert.Contains("Not saved", section.Find("#alert-settings-status").TextContent);
        Assert.DoesNotContain("typed-secret-never-shown-1", section.Markup);

        section.Find("#alert-channel-name").Input("security");
        section.Find("#alert-channel-url").Input("https://hooks.example.test/services/T0/B0/path-secret");
        section.Find("#alert-channel-secret").Input("typed-secret-never-shown-1");
        await section.Find("#alert-channel-form").SubmitAsync();

        section.WaitForAssertion(() => Assert.Contains("Added channel 'security'.", section.Find("#alert-settings-status").TextContent));
        var stored = section.FindAll("#alert-channels tbody tr").Single(r => r.TextContent.Contains("security", StringComparison.Ordinal));
        Assert.Equal("saved here", stored.QuerySelector(".alert-source")!.TextContent);
        Assert.Contains("https://hooks.example.test/… (signed)", stored.TextContent);
        Assert.Equal("Edit channel security", stored.QuerySelector(".alert-channel-edit")!.GetAttribute("aria-label"));
        Assert.DoesNotContain("typed-secret-never-shown-1", section.Markup);
        Assert.DoesNotContain("path-secret", section.Markup);

        // Editing shows name and kind, never the address or secret, and says a blank keeps them.
        await stored.QuerySelector(".alert-channel-edit")!.ClickAsync(new());
        section.WaitForAssertion(() => Assert.Equal("Edit channel security", section.Find("#alert-channel-form-heading").TextContent));
        Assert.Equal("security", section.Find("#alert-channel-name").GetAttribute("value"));
        Assert.True(string.IsNullOrEmpty(section.Find("#alert-channel-url").GetAttribute("value")));
        Assert.True(string.IsNullOrEmpty(section.Find("#alert-channel-secret").GetAttribute("value")));
        Assert.Contains("Leave blank to keep the current secret.", section.Find("#alert-channel-form").TextContent);
        await section.Find("#alert-channel-cancel").ClickAsync(new());

        // A rule without a channel names the field; then with one it is stored.
        await section.Find("#alert-rule-form").SubmitAsync();
        section.WaitForAssertion(() => Assert.Contains("Channel is required.", section.Find("#alert-rule-form").TextContent));
        var channelSelect = section.FindComponents<MudBlazor.MudSelect<string>>().Single(s => s.Instance.Label == "Channel");
        await section.InvokeAsync(() => channelSelect.Instance.ValueChanged.InvokeAsync("security"));
        await section.Find("#alert-rule-form").SubmitAsync();
        section.WaitForAssertion(() => Assert.Contains("Added rule 'customer-abuse:security'.", section.Find("#alert-settings-status").TextContent));
        var rule = section.FindAll("#alert-rules tbody tr").Single(r => r.TextContent.Contains("customer-abuse:security", StringComparison.Ordinal));
        Assert.Equal("saved here", rule.QuerySelector(".alert-source")!.TextContent);

        // Deleting asks first.
        var delete = rule.QuerySelector(".alert-rule-delete")!.ClickAsync(new());
        dialogs.WaitForAssertion(() => Assert.Contains("Delete rule customer-abuse:security?", dialogs.Markup));
        await dialogs.FindAll("button").Single(b => b.TextContent.Trim() == "Delete").ClickAsync(new());
        await delete;
        section.WaitForAssertion(() => Assert.Contains("Deleted rule 'customer-abuse:security'.", section.Find("#alert-settings-status").TextContent));

        await using var context = db.Factory.CreateDbContext();
        var audit = context.AuditEntries.OrderBy(e => e.Id).Select(e => new { e.Actor, e.Action, e.Target, e.Detail }).ToList();
        Assert.Equal(3, audit.Count);
        Assert.All(audit, e => Assert.Equal(("admin@example.net", AuditActions.SettingsChanged, "alerts"), (e.Actor, e.Action, e.Target)));
        Assert.Equal("Added alert channel 'security' (webhook to https://hooks.example.test/…, secret set).", audit[0].Detail);
        Assert.Equal("Added alert rule 'customer-abuse:security': customer-abuse to security, immediate.", audit[1].Detail);
        Assert.StartsWith("Deleted alert rule 'customer-abuse:security'", audit[2].Detail);
        Assert.DoesNotContain(audit, e => e.Detail!.Contains("typed-secret", StringComparison.Ordinal) || e.Detail.Contains("path-secret", StringComparison.Ordinal));
    }
}
