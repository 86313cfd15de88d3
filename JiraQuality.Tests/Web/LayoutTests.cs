using Bunit;
using System.Security.Claims;
using JiraQuality.Core.Identity;
using JiraQuality.Tests.Infrastructure;
using JiraQuality.Web.Components.Layout;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.Extensions.DependencyInjection;

namespace JiraQuality.Tests.Web;

public sealed class LayoutTests : MudTestContext
{
    private static readonly SignedInUser User = new();

    public LayoutTests()
        : base(services =>
        {
            services.AddSingleton<JiraQuality.Core.Jobs.IJobEvents>(new JiraQuality.Core.Jobs.JobEventStream(TimeProvider.System));
            // The app's own policies over a principal the test picks; the antiforgery token is the layout's sign-out form's.
            services.AddAuthorizationCore(options =>
            {
                foreach (var policy in Policies.All)
                {
                    options.AddPolicy(policy, builder => builder.RequireRole(Policies.RolesFor(policy)));
                }
            });
            // bUnit registers placeholders that refuse to authorize; the real services replace them.
            services.AddSingleton<Microsoft.AspNetCore.Authorization.IAuthorizationService, Microsoft.AspNetCore.Authorization.DefaultAuthorizationService>();
            services.AddSingleton<Microsoft.AspNetCore.Authorization.IAuthorizationPolicyProvider, Microsoft.AspNetCore.Authorization.DefaultAuthorizationPolicyProvider>();
            services.AddCascadingAuthenticationState();
            services.AddSingleton<AuthenticationStateProvider>(User);
            services.AddSingleton<AntiforgeryStateProvider, FixedAntiforgeryState>();
        })
    {
    }

    [Fact]
    public void Navigation_lists_every_section_with_its_address()
    {
        SignInAs(Roles.Admin);
        var cut = Render<NavMenu>();

        var links = cut.FindAll("a.mud-nav-link");
        Assert.Equal(
            ["Dashboard:/", "Conversations:/conversations", "Agents:/agents", "Import:/import", "Jobs:/jobs", "Review:/review", "Alerts:/alerts", "Settings:/settings", "Audit:/audit"],
            links.Select(a => $"{a.TextContent.Trim()}:{new Uri(a.GetAttribute("href")!, UriKind.RelativeOrAbsolute).ToString().Replace("http://localhost", "")}"));
    }

    [Fact]
    public void Layout_renders_app_bar_body_and_toggles_the_theme()
    {
        SignInAs(Roles.Admin);
        var cut = Render<MainLayout>(p => p.Add(l => l.Body, (RenderFragment)(b => b.AddMarkupContent(0, "<p id='body-probe'>content</p>"))));

        Assert.Contains("JiraQuality", cut.Find(".mud-appbar").TextContent);
        Assert.NotNull(cut.Find("#body-probe"));
        Assert.Equal("Switch to dark theme", cut.Find("#theme-toggle").GetAttribute("aria-label"));

        cut.Find("#theme-toggle").Click();

        Assert.Equal("Switch to light theme", cut.Find("#theme-toggle").GetAttribute("aria-label"));
        Assert.Contains("admin@example.test (admin)", cut.Find("#signed-in-user").TextContent);
        Assert.Equal("/account/sign-out", cut.Find("#sign-out").Closest("form")!.GetAttribute("action"));
    }

    [Theory]
    [InlineData(Roles.Viewer, "Dashboard,Conversations,Agents,Jobs")]
    [InlineData(Roles.Analyst, "Dashboard,Conversations,Agents,Import,Jobs,Review")]
    [InlineData(Roles.Admin, "Dashboard,Conversations,Agents,Import,Jobs,Review,Alerts,Settings,Audit")]
    public void Navigation_shows_only_the_sections_the_role_may_open(string role, string sections)
    {
        SignInAs(role);

        var cut = Render<NavMenu>();

        Assert.Equal(sections, string.Join(",", cut.FindAll("a.mud-nav-link").Select(a => a.TextContent.Trim())));
    }

    private static void SignInAs(string role) =>
        User.Principal = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Name, $"{role}@example.test"), new Claim(ClaimTypes.Role, role)], "test"));

    private sealed class SignedInUser : AuthenticationStateProvider
    {
        public ClaimsPrincipal Principal { get; set; } = new();

        public override Task<AuthenticationState> GetAuthenticationStateAsync() => Task.FromResult(new AuthenticationState(Principal));
    }

    private sealed class FixedAntiforgeryState : AntiforgeryStateProvider
    {
        public override AntiforgeryRequestToken? GetAntiforgeryToken() => new("test-token", "__RequestVerificationToken");
    }
}
