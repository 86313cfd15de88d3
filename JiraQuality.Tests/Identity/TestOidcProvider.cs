using System.Net;
using System.Security.Claims;
using Microsoft.AspNetCore;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Abstractions;
using OpenIddict.Server.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace JiraQuality.Tests.Identity;

/// <summary>
/// An OpenID Connect provider in the test process (OpenIddict on its own loopback web app): a sign-in form that
/// takes a user name, the code flow with PKCE, and the end-session endpoint. Each user carries the <c>groups</c>
/// claim the test gives it.
/// </summary>
public sealed class TestOidcProvider : IAsyncDisposable
{
    public const string SessionScheme = "idp.session";
    public const string ClientId = "jiraquality";
    public const string ClientSecret = "test-client-secret-0123456789";

    private readonly WebApplication _app;
    private readonly string _databaseFile;

    private TestOidcProvider(WebApplication app, string databaseFile, IReadOnlyDictionary<string, TestOidcUser> users)
    {
        _app = app;
        _databaseFile = databaseFile;
        Users = users;
    }

    public IReadOnlyDictionary<string, TestOidcUser> Users { get; }

    public string BaseUrl { get; private set; } = "";

    /// <summary>How many times the end-session endpoint ended a provider session.</summary>
    public int EndedSessions => _endedSessions;

    private int _endedSessions;

    public static async Task<TestOidcProvider> StartAsync(params TestOidcUser[] users)
    {
        var databaseFile = Path.Combine(Path.GetTempPath(), $"jq-idp-{Guid.NewGuid():N}.db");
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            ContentRootPath = Path.GetTempPath(),
            EnvironmentName = "Development",
        });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Services.AddDbContext<ProviderDb>(options =>
        {
            options.UseSqlite($"Data Source={databaseFile};Pooling=False");
            options.UseOpenIddict();
        });
        builder.Services.AddAuthentication(SessionScheme).AddCookie(SessionScheme, options =>
        {
            options.LoginPath = "/login";
            options.Cookie.Name = SessionScheme;
        });
        builder.Services.AddOpenIddict()
            .AddCore(options => options.UseEntityFrameworkCore().UseDbContext<ProviderDb>())
            .AddServer(options =>
            {
                options.SetAuthorizationEndpointUris("connect/authorize")
                    .SetTokenEndpointUris("connect/token")
                    .SetEndSessionEndpointUris("connect/logout");
                options.AllowAuthorizationCodeFlow().RequireProofKeyForCodeExchange();
                options.RegisterScopes(Scopes.OpenId, Scopes.Email, Scopes.Profile);
                options.AddEphemeralEncryptionKey().AddEphemeralSigningKey().DisableAccessTokenEncryption();
                options.UseAspNetCore()
                    .EnableAuthorizationEndpointPassthrough()
                    .EnableEndSessionEndpointPassthrough()
                    .DisableTransportSecurityRequirement();
            });

        var app = builder.Build();
        var byName = users.ToDictionary(u => u.UserName, StringComparer.OrdinalIgnoreCase);
        var provider = new TestOidcProvider(app, databaseFile, byName);
        app.UseAuthentication();
        app.MapGet("/login", (string? returnUrl) => Results.Content(
            $"""
            <!DOCTYPE html><html lang="en"><head><title>Test provider sign-in</title></head><body>
            <h1>Test provider</h1>
            <form method="post" action="/login">
              <input type="hidden" name="returnUrl" value="{WebUtility.HtmlEncode(returnUrl ?? "/")}" />
              <label for="username">User name</label> <input id="username" name="username" />
              <button id="idp-submit" type="submit">Continue</button>
            </form></body></html>
            """,
            "text/html"));
        app.MapPost("/login", async (HttpContext context) =>
        {
            var form = await context.Request.ReadFormAsync();
            var name = form["username"].ToString();
            if (!byName.ContainsKey(name))
            {
                return Results.Unauthorized();
            }

            var session = new ClaimsIdentity([new Claim(ClaimTypes.Name, name)], SessionScheme);
            await context.SignInAsync(SessionScheme, new ClaimsPrincipal(session));
            var returnUrl = form["returnUrl"].ToString();
            return Results.Redirect(returnUrl.StartsWith('/') ? returnUrl : "/");
        });
        app.MapMethods("/connect/authorize", ["GET", "POST"], async (HttpContext context) =>
        {
            var request = context.GetOpenIddictServerRequest() ?? throw new InvalidOperationException("Not an OpenID Connect request.");
            var session = await context.AuthenticateAsync(SessionScheme);
            if (!session.Succeeded || session.Principal.Identity?.Name is not { } name || !byName.TryGetValue(name, out var user))
            {
                var parameters = context.Request.HasFormContentType ? context.Request.Form.ToList() : context.Request.Query.ToList();
                return Results.Challenge(
                    new AuthenticationProperties { RedirectUri = context.Request.PathBase + context.Request.Path + QueryString.Create(parameters) },
                    [SessionScheme]);
            }

            var identity = new ClaimsIdentity(TokenValidationParameters.DefaultAuthenticationType, Claims.Name, Claims.Role);
            identity.AddClaim(new Claim(Claims.Subject, user.Subject));
            identity.AddClaim(new Claim(Claims.Name, user.DisplayName));
            identity.AddClaim(new Claim(Claims.Email, user.Email));
            identity.AddClaim(new Claim(Claims.EmailVerified, "true", ClaimValueTypes.Boolean));
            foreach (var group in user.Groups)
            {
                identity.AddClaim(new Claim("groups", group));
            }

            identity.SetScopes(request.GetScopes());
            identity.SetDestinations(static _ => [Destinations.AccessToken, Destinations.IdentityToken]);
            return Results.SignIn(new ClaimsPrincipal(identity), null, OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
        });
        app.MapMethods("/connect/logout", ["GET", "POST"], async (HttpContext context) =>
        {
            Interlocked.Increment(ref provider._endedSessions);
            await context.SignOutAsync(SessionScheme);
            return Results.SignOut(new AuthenticationProperties { RedirectUri = "/" }, [OpenIddictServerAspNetCoreDefaults.AuthenticationScheme]);
        });

        await using (var scope = app.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<ProviderDb>().Database.EnsureCreatedAsync();
        }

        await app.StartAsync();
        provider.BaseUrl = app.Urls.First().TrimEnd('/');

        // The first answer (OpenIddict's and EF Core's start-up work) can take long on a busy machine; pay for it here
        // rather than inside the app's discovery call and the browser's navigation time-outs.
        using var warmUp = new HttpClient { Timeout = TimeSpan.FromMinutes(2) };
        using var discovery = await warmUp.GetAsync(provider.BaseUrl + "/.well-known/openid-configuration");
        discovery.EnsureSuccessStatusCode();
        return provider;
    }

    /// <summary>Registers the app as a confidential client once its address is known.</summary>
    public async Task RegisterClientAsync(string appBaseUrl)
    {
        await using var scope = _app.Services.CreateAsyncScope();
        var applications = scope.ServiceProvider.GetRequiredService<IOpenIddictApplicationManager>();
        await applications.CreateAsync(new OpenIddictApplicationDescriptor
        {
            ClientId = ClientId,
            ClientSecret = ClientSecret,
            ClientType = ClientTypes.Confidential,
            ConsentType = ConsentTypes.Implicit,
            RedirectUris = { new Uri(appBaseUrl + "/signin-oidc") },
            PostLogoutRedirectUris = { new Uri(appBaseUrl + "/signout-callback-oidc") },
            Permissions =
            {
                Permissions.Endpoints.Authorization, Permissions.Endpoints.Token, Permissions.Endpoints.EndSession,
                Permissions.GrantTypes.AuthorizationCode, Permissions.ResponseTypes.Code,
                Permissions.Scopes.Email, Permissions.Scopes.Profile,
            },
            Requirements = { Requirements.Features.ProofKeyForCodeExchange },
        });
    }

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        try
        {
            File.Delete(_databaseFile);
        }
        catch (IOException)
        {
            // Left for the OS temp cleaner.
        }
    }

    private sealed class ProviderDb(DbContextOptions<ProviderDb> options) : DbContext(options);
}

/// <summary>A person at the test provider.</summary>
public sealed record TestOidcUser(string UserName, string Subject, string Email, string DisplayName, params string[] Groups);
