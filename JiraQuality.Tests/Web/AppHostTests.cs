using JiraQuality.Core.Storage;
using JiraQuality.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

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
        var ct = TestContext.Current.CancellationToken;

        // Every migration the app ships is applied, in order, and the tables answer through the app's own context.
        await using var db = factory.Services.GetRequiredService<JiraQualityContextFactory>().CreateDbContext();
        var migrations = db.Database.GetMigrations().ToList();
        Assert.NotEmpty(migrations);
        Assert.Equal(migrations, await db.Database.GetAppliedMigrationsAsync(ct));
        Assert.Equal(0, await db.ProcessedConversations.CountAsync(ct));

        // And they are in the file the connection setting names, not in some other database.
        await using var file = new SqliteConnection($"Data Source={Path.Combine(factory.DataDirectory, "test.db")};Mode=ReadOnly;Pooling=False");
        await file.OpenAsync(ct);
        await using var command = file.CreateCommand();
        command.CommandText = "SELECT count(*) FROM \"__EFMigrationsHistory\"";
        Assert.Equal(migrations.Count, Convert.ToInt32(await command.ExecuteScalarAsync(ct), System.Globalization.CultureInfo.InvariantCulture));
    }
}
