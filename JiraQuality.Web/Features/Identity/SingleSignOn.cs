using System.Security.Claims;
using JiraQuality.Core.Identity;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Identity;

namespace JiraQuality.Web.Features.Identity;

/// <summary>
/// Optional single sign-on with OpenID Connect (code flow with PKCE), on when <c>Oidc:Authority</c> is set. Each SSO
/// sign-in becomes a local Identity user (see <see cref="SingleSignOnUsers"/>) signed in with the ordinary Identity
/// cookie, so roles, policies, API tokens and the security-stamp checks work as they do for local accounts.
/// </summary>
public static class SingleSignOn
{
    public const string ChallengePath = "/account/sso";

    /// <summary>
    /// Where a refused SSO sign-in lands, with a reason code in <c>?reason=</c>: the page shows fixed text for it, never
    /// text taken from the address.
    /// </summary>
    public const string RefusedPath = "/account/sso-refused";

    public static SingleSignOnOptions ReadOptions(IConfiguration configuration)
    {
        var options = new SingleSignOnOptions();
        configuration.GetSection(SingleSignOnOptions.SectionName).Bind(options);
        return options;
    }

    /// <summary>Adds the OpenID Connect scheme when SSO is configured; settings that cannot work stop the start with their names.</summary>
    public static AuthenticationBuilder AddSingleSignOn(this AuthenticationBuilder authentication, IConfiguration configuration)
    {
        authentication.Services.AddOptions<SingleSignOnOptions>()
            .BindConfiguration(SingleSignOnOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        authentication.Services.AddSingleton<Microsoft.Extensions.Options.IValidateOptions<SingleSignOnOptions>, SingleSignOnOptionsValidator>();
        authentication.Services.AddSingleton(sp => sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<SingleSignOnOptions>>().Value);

        // Whether the scheme exists at all is decided here, from the same section; settings that cannot work stop the
        // start through the validator above, naming each one.
        var settings = ReadOptions(configuration);
        if (!settings.Enabled)
        {
            return authentication;
        }

        // No display name: the scheme must not appear in Identity's external-login lists, whose flow expects the
        // external cookie; our own challenge endpoint starts it.
        authentication.AddOpenIdConnect(SingleSignOnOptions.Scheme, displayName: null, options =>
        {
            options.Authority = settings.Authority;
            options.ClientId = settings.ClientId;
            options.ClientSecret = string.IsNullOrEmpty(settings.ClientSecret) ? null : settings.ClientSecret;
            options.RequireHttpsMetadata = settings.RequireHttpsMetadata;
            options.ResponseType = "code";

            // The code comes back in the query of a GET: a cross-site form post would be refused by SameOriginGuard,
            // and the code is single-use and bound to this browser by PKCE.
            options.ResponseMode = "query";
            options.UsePkce = true;
            options.Scope.Clear();
            foreach (var scope in settings.Scopes.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Append("openid").Distinct())
            {
                options.Scope.Add(scope);
            }

            options.MapInboundClaims = false;
            options.SaveTokens = true;
            options.GetClaimsFromUserInfoEndpoint = false;
            options.SignInScheme = IdentityConstants.ApplicationScheme;
            options.SignOutScheme = IdentityConstants.ApplicationScheme;
            options.CorrelationCookie.Name = ".JiraQuality.Oidc.Correlation.";
            options.NonceCookie.Name = ".JiraQuality.Oidc.Nonce.";
            options.Events.OnTokenValidated = MapToLocalUserAsync;
            options.Events.OnRemoteFailure = context =>
            {
                var refusal = context.HttpContext.Items.TryGetValue(typeof(SingleSignOnRefusal), out var value) && value is SingleSignOnRefusal known
                    ? known
                    : SingleSignOnRefusal.None;
                context.Response.Redirect(RefusedPath + QueryString.Create("reason", refusal.ToString()));
                context.HandleResponse();
                return Task.CompletedTask;
            };
        });
        return authentication;
    }

    /// <summary>The SSO entry points: start a sign-in, and the page a refused sign-in lands on.</summary>
    public static IEndpointRouteBuilder MapSingleSignOn(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet(ChallengePath, (string? returnUrl, SingleSignOnOptions settings) => settings.Enabled
                ? Results.Challenge(new AuthenticationProperties { RedirectUri = LocalOnly(returnUrl) }, [SingleSignOnOptions.Scheme])
                : Results.NotFound())
            .AllowAnonymous()
            .ExcludeFromDescription();

        endpoints.MapGet(RefusedPath, (string? reason, SingleSignOnOptions settings) =>
            {
                var text = Enum.TryParse<SingleSignOnRefusal>(reason, ignoreCase: false, out var refusal) ? refusal : SingleSignOnRefusal.None;
                var message = text switch
                {
                    SingleSignOnRefusal.NoRole => $"Your account at the provider has no group or role that gives access here (its '{settings.RoleClaim}' claim maps to no role).",
                    SingleSignOnRefusal.Disabled => "Your account here is disabled.",
                    SingleSignOnRefusal.UnverifiedEmail => "A local account already uses your e-mail address, and the provider does not mark the address verified, so the two cannot be joined.",
                    SingleSignOnRefusal.AccountNotCreated => "Your account could not be set up from the provider's details (an e-mail address is needed).",
                    _ => "The sign-in at the provider was not completed.",
                };
                return Results.Content(
                    "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Single sign-on refused · JiraQuality</title></head><body><main>" +
                    $"<h1>Single sign-on refused</h1><p id=\"sso-error\" role=\"alert\">{System.Net.WebUtility.HtmlEncode(message)}</p>" +
                    $"<p>Ask an administrator for access, or <a href=\"{IdentityWebModule.SignInPath}\">sign in with a local account</a>.</p></main></body></html>",
                    "text/html; charset=utf-8",
                    statusCode: StatusCodes.Status403Forbidden);
            })
            .AllowAnonymous()
            .ExcludeFromDescription();
        return endpoints;
    }

    /// <summary>True when the current session came from an SSO sign-in (its cookie holds the provider's id token).</summary>
    public static async Task<bool> IsSingleSignOnSessionAsync(HttpContext context) =>
        context.RequestServices.GetRequiredService<SingleSignOnOptions>().Enabled
        && await context.GetTokenAsync(IdentityConstants.ApplicationScheme, "id_token") is not null;

    /// <summary>
    /// Ends the provider's session too (end-session endpoint with the id token as hint); the provider sends the browser
    /// back to our sign-out callback, which goes on to <paramref name="redirectUri"/>.
    /// </summary>
    public static IResult ProviderSignOut(string redirectUri) =>
        Results.SignOut(new AuthenticationProperties { RedirectUri = LocalOnly(redirectUri) }, [SingleSignOnOptions.Scheme]);

    private static string LocalOnly(string? returnUrl) =>
        !string.IsNullOrEmpty(returnUrl) && returnUrl.StartsWith('/') && !returnUrl.StartsWith("//", StringComparison.Ordinal) && !returnUrl.StartsWith("/\\", StringComparison.Ordinal)
            ? returnUrl
            : "/";

    private static async Task MapToLocalUserAsync(TokenValidatedContext context)
    {
        var services = context.HttpContext.RequestServices;
        var settings = services.GetRequiredService<SingleSignOnOptions>();
        var principal = context.Principal!;
        var subject = principal.FindFirstValue("sub");
        if (string.IsNullOrEmpty(subject))
        {
            context.Fail("The provider's token has no subject (sub).");
            return;
        }

        var identity = new SingleSignOnIdentity(
            subject,
            principal.FindFirstValue("email"),
            string.Equals(principal.FindFirstValue("email_verified"), "true", StringComparison.OrdinalIgnoreCase),
            principal.FindFirstValue("name"),
            principal.FindAll(settings.RoleClaim).Select(c => c.Value).ToList());
        var result = await services.GetRequiredService<SingleSignOnUsers>().SignInAsync(
            settings, identity, context.HttpContext.Connection.RemoteIpAddress?.ToString(), context.HttpContext.RequestAborted);
        if (result.User is null)
        {
            context.HttpContext.Items[typeof(SingleSignOnRefusal)] = result.Refusal;
            context.Fail($"Single sign-on refused: {result.Failure}.");
            return;
        }

        // The ordinary Identity principal (roles, security stamp), so the cookie re-checks it like a local sign-in.
        context.Principal = await services.GetRequiredService<SignInManager<ApplicationUser>>().CreateUserPrincipalAsync(result.User);
    }
}
