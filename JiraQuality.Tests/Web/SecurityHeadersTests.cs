using JiraQuality.Core.Identity;
using JiraQuality.Tests.Infrastructure;
using JiraQuality.Web.Features.Identity;

namespace JiraQuality.Tests.Web;

public sealed class SecurityHeadersTests
{
    [Fact]
    public async Task Pages_api_answers_and_static_files_carry_the_security_headers()
    {
        await using var factory = new JiraQualityAppFactory();
        using var client = await factory.CreateClientForAsync(Roles.Viewer);
        using var anonymous = factory.CreateAnonymousClient();

        foreach (var response in new[]
        {
            await client.GetAsync("/", TestContext.Current.CancellationToken),
            await client.GetAsync("/api/metrics", TestContext.Current.CancellationToken),
            await client.GetAsync("/favicon.png", TestContext.Current.CancellationToken),
            await anonymous.GetAsync("/api/metrics", TestContext.Current.CancellationToken),
        })
        {
            Assert.Equal(["nosniff"], response.Headers.GetValues("X-Content-Type-Options"));
            Assert.Equal(["same-origin"], response.Headers.GetValues("Referrer-Policy"));
            Assert.Equal(["DENY"], response.Headers.GetValues("X-Frame-Options"));
            var policy = Directives(Assert.Single(response.Headers.GetValues("Content-Security-Policy")));
            Assert.Equal("'self'", policy["default-src"]);
            Assert.Equal("'self'", policy["script-src"]);
            Assert.Equal("'self' 'unsafe-inline'", policy["style-src"]);
            Assert.Equal("'self' data:", policy["img-src"]);
            Assert.Equal("'self'", policy["font-src"]);
            Assert.Equal("'self'", policy["connect-src"]);
            Assert.Equal("'none'", policy["frame-ancestors"]);
            Assert.Equal("'self'", policy["base-uri"]);
            Assert.Equal("'none'", policy["object-src"]);
            Assert.Equal("'self'", policy["form-action"]);
        }
    }

    [Fact]
    public void Single_sign_on_adds_the_provider_origin_to_form_action_and_nothing_else()
    {
        var policy = Directives(SecurityHeaders.ContentSecurityPolicyFor(
            new SingleSignOnOptions { Authority = "https://login.corp.example:8443/realms/support" }));

        Assert.Equal("'self' https://login.corp.example:8443", policy["form-action"]);
        Assert.Equal("'self'", policy["script-src"]);
        Assert.Equal("'self'", policy["connect-src"]);
    }

    private static Dictionary<string, string> Directives(string policy) =>
        policy.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Select(directive => directive.Split(' ', 2))
            .ToDictionary(parts => parts[0], parts => parts.Length > 1 ? parts[1] : "");
}
