using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using MudBlazor.Services;

namespace JiraQuality.Tests.Infrastructure;

/// <summary>bUnit with MudBlazor's services; disposed asynchronously because some of them only support that.</summary>
public abstract class MudTestContext : BunitContext, IAsyncLifetime
{
    protected MudTestContext()
        : this(_ => { })
    {
    }

    /// <summary>For tests that add services: the renderer set up below freezes the service collection.</summary>
    protected MudTestContext(Action<IServiceCollection> configureServices)
    {
        Services.AddMudServices();
        configureServices(Services);

        // The page user and settings audit the sections inject, built from whatever the test (or its fallback host)
        // provides: the signed-in user when authorization is set up, the test's database for hubs and the audit log.
        Services.TryAddScoped(_ => new JiraQuality.Web.Features.Identity.PageUser(
            Services.GetService<Microsoft.AspNetCore.Components.Authorization.AuthenticationStateProvider>() ?? new NobodySignedIn(),
            Services.GetService<JiraQuality.Core.Identity.HubScopes>() ?? new JiraQuality.Core.Identity.HubScopes(Database())));
        Services.TryAddScoped(sp => new JiraQuality.Web.Features.Settings.SettingsAudit(
            Services.GetService<JiraQuality.Core.Identity.AuditLog>() ?? new JiraQuality.Core.Identity.AuditLog(Database(), TimeProvider.System),
            sp.GetRequiredService<JiraQuality.Web.Features.Identity.PageUser>(),
            Microsoft.Extensions.Logging.Abstractions.NullLogger<JiraQuality.Web.Features.Settings.SettingsAudit>.Instance));
        JSInterop.Mode = JSRuntimeMode.Loose;
        SetRendererInfo(new Microsoft.AspNetCore.Components.RendererInfo("Server", isInteractive: true));
    }

    ValueTask IAsyncLifetime.InitializeAsync() => ValueTask.CompletedTask;

    async ValueTask IAsyncDisposable.DisposeAsync() => await DisposeAsync();

    private Microsoft.EntityFrameworkCore.IDbContextFactory<JiraQuality.Core.Storage.JiraQualityDbContext> Database() =>
        Services.GetRequiredService<Microsoft.EntityFrameworkCore.IDbContextFactory<JiraQuality.Core.Storage.JiraQualityDbContext>>();

}
