using JiraQuality.Web.Components;
using JiraQuality.Web.Features.Identity.Account;
using JiraQuality.Web.Features.Identity.FirstRun;
using JiraQuality.Web.Features.Observability;
using MudBlazor.Services;

namespace JiraQuality.Web.Hosting;

public static class WebServiceExtensions
{
    public static IServiceCollection AddJiraQualityWeb(this IServiceCollection services)
    {
        services.AddSingleton(TimeProvider.System);
        services.AddOptions<WebOptions>().BindConfiguration(WebOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<Microsoft.Extensions.Options.IValidateOptions<WebOptions>, WebOptionsValidator>();
        // The drill-down names the remote address in its reveal audit entries.
        services.AddHttpContextAccessor();
        services.AddRazorComponents().AddInteractiveServerComponents();
        services.AddMudServices();
        return services;
    }

    public static WebApplication UseJiraQualityWeb(this WebApplication app)
    {
        if (!app.Environment.IsDevelopment())
        {
            app.UseExceptionHandler("/Error", createScopeForErrors: true);
        }

        app.UseMiddleware<Features.Identity.SecurityHeaders>();
        app.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true);
        app.UseMiddleware<SameOriginGuard>();
        app.UseMiddleware<FirstRunGate>();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseAntiforgery();
        app.MapStaticAssets().AllowAnonymous();
        app.MapObservability();
        app.MapAccountEndpoints();
        app.MapJiraQualityEndpoints();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
        return app;
    }
}
