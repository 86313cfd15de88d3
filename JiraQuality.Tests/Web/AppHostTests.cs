using JiraQuality.Tests.Infrastructure;

namespace JiraQuality.Tests.Web;

public sealed class AppHostTests
{
    [Fact]
    public async Task Home_page_and_MudBlazor_assets_are_served()
    {
        await using var factory = new JiraQualityAppFactory();
        var client = factory.CreateClient();

        var home = await client.GetAsync("/", TestContext.Current.CancellationToken);
        var html = await home.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

        Assert.True(home.IsSuccessStatusCode, $"GET / returned {(int)home.StatusCode}");
        Assert.Contains("JiraQuality", html);
        var css = System.Text.RegularExpressions.Regex.Match(html, "href=\"(_content/MudBlazor/MudBlazor[^\"]*\\.css)\"").Groups[1].Value;
        var js = System.Text.RegularExpressions.Regex.Match(html, "src=\"(_content/MudBlazor/MudBlazor[^\"]*\\.js)\"").Groups[1].Value;
        Assert.NotEmpty(css);
        Assert.NotEmpty(js);
        Assert.True((await client.GetAsync("/" + css, TestContext.Current.CancellationToken)).IsSuccessStatusCode, css);
        Assert.True((await client.GetAsync("/" + js, TestContext.Current.CancellationToken)).IsSuccessStatusCode, js);
    }

    [Fact]
    public async Task Start_up_creates_the_schema_in_the_configured_database()
    {
        await using var factory = new JiraQualityAppFactory();
        _ = factory.CreateClient();

        Assert.True(File.Exists(Path.Combine(factory.DataDirectory, "test.db")));
    }
}
