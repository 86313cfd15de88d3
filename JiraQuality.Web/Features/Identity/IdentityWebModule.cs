using JiraQuality.Core.Identity;
using JiraQuality.Web.Features.Identity.Account;
using JiraQuality.Web.Features.Identity.FirstRun;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Identity;

namespace JiraQuality.Web.Features.Identity;

public static class IdentityWebModule
{
    public const string SignInPath = "/account/sign-in";
    public const string SignOutPath = "/account/sign-out";
    public const string AccessDeniedPath = "/account/access-denied";
    public const string ChangePasswordPath = "/account/change-password";

    /// <summary>
    /// Cookie sign-in over the users of <see cref="IdentityModule.AddJiraQualityIdentity"/>: the Identity cookies with
    /// names of their own, the sign-in manager, one authorization policy per <see cref="Policies"/> name, and the
    /// authentication state for interactive pages. API and hub calls get 401/403, never a redirect to the sign-in page.
    /// </summary>
    public static IServiceCollection AddIdentityWeb(this IServiceCollection services, IConfiguration? configuration = null)
    {
        services.AddCascadingAuthenticationState();
        services.AddScoped<AuthenticationStateProvider, IdentityRevalidatingAuthenticationStateProvider>();
        services.AddScoped<PageUser>();
        services.AddScoped<Settings.SettingsAudit>();

        var authentication = services.AddAuthentication(options =>
            {
                options.DefaultScheme = IdentityConstants.ApplicationScheme;
                options.DefaultSignInScheme = IdentityConstants.ExternalScheme;
            });
        authentication.AddIdentityCookies();
        authentication.AddApiTokens();
        authentication.AddSingleSignOn(configuration ?? new ConfigurationBuilder().Build());

        new IdentityBuilder(typeof(ApplicationUser), typeof(IdentityRole), services)
            .AddSignInManager<JiraQualitySignInManager>();

        // A disabled user, a changed password or a new role reaches signed-in browsers within this time.
        services.Configure<SecurityStampValidatorOptions>(options => options.ValidationInterval = TimeSpan.FromMinutes(1));

        services.ConfigureApplicationCookie(options =>
        {
            options.Cookie.Name = ".JiraQuality.Identity";
            options.Cookie.HttpOnly = true;
            options.Cookie.SameSite = SameSiteMode.Lax;
            options.LoginPath = SignInPath;
            options.LogoutPath = SignOutPath;
            options.AccessDeniedPath = AccessDeniedPath;
            options.ReturnUrlParameter = "ReturnUrl";
            options.ExpireTimeSpan = TimeSpan.FromHours(8);
            options.SlidingExpiration = true;
            options.Events.OnRedirectToLogin = context => AnswerOrRedirect(context, StatusCodes.Status401Unauthorized);
            options.Events.OnRedirectToAccessDenied = context => AnswerOrRedirect(context, StatusCodes.Status403Forbidden);
        });
        services.ConfigureExternalCookie(options => options.Cookie.Name = ".JiraQuality.External");
        services.Configure<CookieAuthenticationOptions>(IdentityConstants.TwoFactorUserIdScheme, options => options.Cookie.Name = ".JiraQuality.TwoFactor");
        services.Configure<CookieAuthenticationOptions>(IdentityConstants.TwoFactorRememberMeScheme, options => options.Cookie.Name = ".JiraQuality.TwoFactorRemember");
        services.AddAntiforgery(options => options.Cookie.Name = ".JiraQuality.Antiforgery");

        services.AddAuthorizationBuilder()
            // Anything mapped without a policy of its own still needs a signed-in user; the access matrix test
            // makes sure every page and endpoint names its policy (or is anonymous on purpose).
            .SetFallbackPolicy(new Microsoft.AspNetCore.Authorization.AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build());
        services.AddAuthorization(options =>
        {
            foreach (var policy in Policies.All)
            {
                options.AddPolicy(policy, builder => builder.RequireAuthenticatedUser().RequireRole(Policies.RolesFor(policy)));
            }
        });

        services.AddSingleton<FirstRunSetup>();
        services.AddHostedService<FirstRunAnnouncer>();
        return services;
    }

    /// <summary>True for requests made by scripts and live connections, which need a status code rather than a page.</summary>
    public static bool IsApiRequest(HttpRequest request) =>
        request.Path.StartsWithSegments("/api") || request.Path.StartsWithSegments("/hubs");

    private static Task AnswerOrRedirect(Microsoft.AspNetCore.Authentication.RedirectContext<CookieAuthenticationOptions> context, int status)
    {
        if (!IsApiRequest(context.Request))
        {
            context.Response.Redirect(context.RedirectUri);
            return Task.CompletedTask;
        }

        context.Response.StatusCode = status;
        // A body of its own keeps the status-code pages from answering an API call with HTML.
        return Results.Problem(
            statusCode: status,
            title: status == StatusCodes.Status401Unauthorized ? "Sign-in required" : "Not allowed",
            detail: status == StatusCodes.Status401Unauthorized
                ? "Sign in, or send a personal API token in the Authorization header."
                : "Your role may not use this endpoint.")
            .ExecuteAsync(context.HttpContext);
    }
}
