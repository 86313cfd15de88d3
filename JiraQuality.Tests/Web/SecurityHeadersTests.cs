using JiraQuality.Core.Identity;
using JiraQuality.Tests.Infrastructure;

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
            Assert.Equal(["no-referrer"], response.Headers.GetValues("Referrer-Policy"));
            Assert.Equal(["DENY"], response.Headers.GetValues("X-Frame-Options"));
            Assert.Contains("frame-ancestors 'none'", Assert.Single(response.Headers.GetValues("Content-Security-Policy")));
        }
    }
}
