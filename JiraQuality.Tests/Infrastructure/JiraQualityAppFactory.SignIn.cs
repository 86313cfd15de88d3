using System.Collections.Concurrent;
using System.Net;
using System.Text.RegularExpressions;
using JiraQuality.Core.Identity;
using Microsoft.AspNetCore.Http.Connections.Client;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace JiraQuality.Tests.Infrastructure;

/// <summary>
/// Signing in, the way a browser does: users are created through Identity's <see cref="UserManager{TUser}"/> and sign
/// in by posting the real sign-in form (antiforgery token and all); the cookie the app answers with is what clients,
/// browser pages and hub connections then send. <see cref="WebApplicationFactory{TEntryPoint}.CreateClient()"/> gives
/// a client signed in as an admin; <see cref="CreateAnonymousClient"/> one that is not signed in.
/// </summary>
public partial class JiraQualityAppFactory
{
    /// <summary>The password of every user the tests create (Identity asks for 12 characters or more).</summary>
    public const string TestPassword = "correct horse battery staple";

    public const string IdentityCookieName = ".JiraQuality.Identity";

    private static readonly ConcurrentDictionary<string, JiraQualityAppFactory> ByOrigin = new(StringComparer.OrdinalIgnoreCase);
    private static readonly AsyncLocal<bool> Anonymous = new();

    private readonly ConcurrentDictionary<string, Lazy<Task<string>>> _cookies = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _userCreation = new(1, 1);

    /// <summary>The e-mail of the user the tests create for <paramref name="role"/>.</summary>
    public static string EmailFor(string role) => $"{role}@example.test";

    /// <summary>The factory serving <paramref name="url"/> on Kestrel, if any (lets <see cref="Browser"/> sign pages in).</summary>
    public static JiraQualityAppFactory? ServingUrl(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && ByOrigin.TryGetValue(uri.GetLeftPart(UriPartial.Authority), out var factory) ? factory : null;

    /// <summary>Creates the user (and role) when missing, with <see cref="TestPassword"/>.</summary>
    public async Task<ApplicationUser> EnsureUserAsync(string role, string? email = null)
    {
        email ??= EmailFor(role);
        await _userCreation.WaitAsync();
        try
        {
            await using var scope = Services.CreateAsyncScope();
            var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
            var roles = scope.ServiceProvider.GetRequiredService<RoleManager<IdentityRole>>();
            if (!await roles.RoleExistsAsync(role))
            {
                Succeeded(await roles.CreateAsync(new IdentityRole(role)), $"create role {role}");
            }

            var user = await users.FindByEmailAsync(email);
            if (user is null)
            {
                user = new ApplicationUser { UserName = email, Email = email, EmailConfirmed = true };
                Succeeded(await users.CreateAsync(user, TestPassword), $"create {email}");
                Succeeded(await users.AddToRoleAsync(user, role), $"give {email} the role {role}");
            }

            return user;
        }
        finally
        {
            _userCreation.Release();
        }
    }

    /// <summary>
    /// The identity cookie (<c>name=value</c>) of a real sign-in of the role's test user, signed in once per factory
    /// and role.
    /// </summary>
    public Task<string> SignInCookieAsync(string role) =>
        _cookies.GetOrAdd(role, r => new Lazy<Task<string>>(() => SignInAsync(r, EmailFor(r), TestPassword))).Value;

    /// <summary>A client with no sign-in (for checking what anonymous callers get).</summary>
    public HttpClient CreateAnonymousClient(WebApplicationFactoryClientOptions? options = null)
    {
        var previous = Anonymous.Value;
        Anonymous.Value = true;
        try
        {
            if (options is null)
            {
                return CreateClient();
            }

            // On Kestrel the factory's own options know the real address; new options default to http://localhost.
            if (options.BaseAddress == new Uri("http://localhost"))
            {
                options.BaseAddress = ClientOptions.BaseAddress;
            }

            return CreateClient(options);
        }
        finally
        {
            Anonymous.Value = previous;
        }
    }

    /// <summary>A client signed in as the role's test user.</summary>
    public async Task<HttpClient> CreateClientForAsync(string role, WebApplicationFactoryClientOptions? options = null)
    {
        var cookie = await SignInCookieAsync(role);
        var client = CreateAnonymousClient(options);
        client.DefaultRequestHeaders.Add("Cookie", cookie);
        return client;
    }

    /// <summary>Hub connection options carrying the role's sign-in cookie.</summary>
    public async Task<Action<HttpConnectionOptions>> HubSignInAsync(string role = Roles.Admin)
    {
        var cookie = await SignInCookieAsync(role);
        return options => options.Headers["Cookie"] = cookie;
    }

    /// <summary>
    /// Headers that let a signed-in client post to an endpoint that asks browsers for the antiforgery token: the token
    /// from a page rendered for the same user, and its cookie.
    /// </summary>
    public static async Task AddAntiforgeryAsync(HttpClient client)
    {
        using var page = await client.GetAsync("/account/sign-in");
        var html = await page.Content.ReadAsStringAsync();
        client.DefaultRequestHeaders.Remove("RequestVerificationToken");
        client.DefaultRequestHeaders.Add("RequestVerificationToken", AntiforgeryToken(html));
    }

    /// <summary>Signs a browser page in through the sign-in page, as a person would, and lands on <paramref name="returnUrl"/>.</summary>
    public async Task SignInPageAsync(Microsoft.Playwright.IPage page, string baseUrl, string role, string returnUrl = "/")
    {
        var user = await EnsureUserAsync(role);
        await page.GotoAsync($"{baseUrl}/account/sign-in?ReturnUrl={Uri.EscapeDataString(returnUrl)}");
        await page.Locator("#Input\\.Email").FillAsync(user.Email!);
        await page.Locator("#Input\\.Password").FillAsync(TestPassword);
        await page.Locator("#sign-in-submit").ClickAsync();
        await page.WaitForURLAsync(url => !url.Contains("/account/sign-in", StringComparison.Ordinal));
    }

    protected override void ConfigureClient(HttpClient client)
    {
        base.ConfigureClient(client);
        if (Anonymous.Value)
        {
            return;
        }

        // Clients are signed in as an admin unless a test asks for an anonymous one. ConfigureClient cannot wait, so
        // the one sign-in per factory runs on the thread pool, away from the test's synchronisation context.
        var cookie = Task.Run(() => SignInCookieAsync(Roles.Admin)).GetAwaiter().GetResult();
        client.DefaultRequestHeaders.Add("Cookie", cookie);
    }

    /// <summary>Posts the sign-in form and returns the identity cookie it sets.</summary>
    public async Task<string> SignInAsync(string role, string email, string password)
    {
        await EnsureUserAsync(role, email);
        // Cookies are handled by hand so the identity cookie can be read; on Kestrel a plain client does that (the
        // socket handler would replace a hand-set Cookie header with its own container's).
        using var client = _kestrelBaseUrl is { } kestrel
            ? new HttpClient(new SocketsHttpHandler { UseCookies = false, AllowAutoRedirect = false }) { BaseAddress = new Uri(kestrel) }
            : CreateAnonymousClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        using var form = await client.GetAsync("/account/sign-in");
        var html = await form.Content.ReadAsStringAsync();
        if (form.StatusCode != HttpStatusCode.OK)
        {
            throw new InvalidOperationException($"GET /account/sign-in answered {(int)form.StatusCode}: {html}");
        }

        using var post = new HttpRequestMessage(HttpMethod.Post, "/account/sign-in")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["_handler"] = "sign-in",
                ["__RequestVerificationToken"] = AntiforgeryToken(html),
                ["Input.Email"] = email,
                ["Input.Password"] = password,
            }),
        };
        post.Headers.Add("Cookie", string.Join("; ", CookiesOf(form)));
        using var answer = await client.SendAsync(post);
        var identity = CookiesOf(answer).FirstOrDefault(c => c.StartsWith(IdentityCookieName + "=", StringComparison.Ordinal));
        return answer.StatusCode == HttpStatusCode.Found && identity is not null
            ? identity
            : throw new InvalidOperationException(
                $"Signing in {email} answered {(int)answer.StatusCode} without the identity cookie: {await answer.Content.ReadAsStringAsync()}");
    }

    /// <summary>The <c>name=value</c> part of each cookie a response sets.</summary>
    public static IEnumerable<string> CookiesOf(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Set-Cookie", out var values) ? values.Select(v => v.Split(';')[0]) : [];

    public static string AntiforgeryToken(string html)
    {
        var match = Regex.Match(html, "name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"");
        return match.Success
            ? WebUtility.HtmlDecode(match.Groups[1].Value)
            : throw new InvalidOperationException("The page has no antiforgery token.");
    }

    private string? _kestrelBaseUrl;

    private void RegisterOrigin(string baseUrl)
    {
        _kestrelBaseUrl = baseUrl;
        ByOrigin[new Uri(baseUrl).GetLeftPart(UriPartial.Authority)] = this;
    }

    private void UnregisterOrigin()
    {
        foreach (var (origin, factory) in ByOrigin)
        {
            if (ReferenceEquals(factory, this))
            {
                ByOrigin.TryRemove(origin, out _);
            }
        }
    }

    private static void Succeeded(IdentityResult result, string what)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException($"Could not {what}: {string.Join("; ", result.Errors.Select(e => e.Description))}");
        }
    }
}
