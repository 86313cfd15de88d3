using Bunit;
using JiraQuality.Tests.Infrastructure;
using JiraQuality.Web.Components.Layout;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;

namespace JiraQuality.Tests.Web;

public sealed class LayoutTests : MudTestContext
{
    public LayoutTests()
        : base(services => services.AddSingleton<JiraQuality.Core.Jobs.IJobEvents>(new JiraQuality.Core.Jobs.JobEventStream(TimeProvider.System)))
    {
    }

    [Fact]
    public void Navigation_lists_every_section_with_its_address()
    {
        var cut = Render<NavMenu>();

        var links = cut.FindAll("a.mud-nav-link");
        Assert.Equal(
            ["Dashboard:/", "Conversations:/conversations", "Import:/import", "Jobs:/jobs", "Alerts:/alerts", "Settings:/settings"],
            links.Select(a => $"{a.TextContent.Trim()}:{new Uri(a.GetAttribute("href")!, UriKind.RelativeOrAbsolute).ToString().Replace("http://localhost", "")}"));
    }

    [Fact]
    public void Layout_renders_app_bar_body_and_toggles_the_theme()
    {
        var cut = Render<MainLayout>(p => p.Add(l => l.Body, (RenderFragment)(b => b.AddMarkupContent(0, "<p id='body-probe'>content</p>"))));

        Assert.Contains("JiraQuality", cut.Find(".mud-appbar").TextContent);
        Assert.NotNull(cut.Find("#body-probe"));
        Assert.Equal("Switch to dark theme", cut.Find("#theme-toggle").GetAttribute("aria-label"));

        cut.Find("#theme-toggle").Click();

        Assert.Equal("Switch to light theme", cut.Find("#theme-toggle").GetAttribute("aria-label"));
    }
}
