using Bunit;
using JiraQuality.Core.Identity;
using JiraQuality.Core.Storage;
using JiraQuality.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using MudBlazor.Services;
using JiraQuality.Web.Features.Identity;
using static JiraQuality.Tests.Reporting.ConversationRows;

namespace JiraQuality.Tests.Identity;

public sealed class UsersSectionTests : BunitContext, IAsyncLifetime
{
    private static CancellationToken Ct => Xunit.TestContext.Current.CancellationToken;

    private TestDatabase? _database;
    private readonly Bunit.TestDoubles.BunitAuthorizationContext _authorization;

    public UsersSectionTests()
    {
        Services.AddSingleton(_ => new UserDirectory(_database!.Factory, new AuditLog(_database.Factory, new FakeTimeProvider(new DateTimeOffset(Now))), new FakeTimeProvider(new DateTimeOffset(Now))));
        Services.AddPageServices(() => _database!.Factory);
        Services.AddMudServices();
        _authorization = AddAuthorization();
        JSInterop.Mode = JSRuntimeMode.Loose;
        SetRendererInfo(new Microsoft.AspNetCore.Components.RendererInfo("Server", isInteractive: true));
    }

    ValueTask IAsyncLifetime.InitializeAsync() => ValueTask.CompletedTask;

    async ValueTask IAsyncDisposable.DisposeAsync() => await DisposeAsync();

    private async Task<TestDatabase> SeedAsync(string role)
    {
        _database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var context = _database.Factory.CreateDbContext();
        context.Users.Add(new ApplicationUser { Id = "u-1", UserName = "zoe@example.net", Email = "zoe@example.net" });
        await context.SaveChangesAsync(Ct);
        _authorization.SetAuthorized($"{role}@example.net").SetRoles(role);
        return _database;
    }

    [Fact]
    public async Task An_admin_sets_a_users_hubs_in_the_users_section()
    {
        await using var db = await SeedAsync(Roles.Admin);

        var cut = Render<UsersSection>();

        cut.WaitForAssertion(() => Assert.Contains("zoe@example.net", cut.Find("#users-table").TextContent));
        cut.Find(".jq-hubs input").Change("Hub A");
        cut.Find(".jq-save-hubs").Click();
        cut.WaitForAssertion(() => Assert.Contains("zoe@example.net sees only: Hub A.", cut.Find("#users-status").TextContent));
        Assert.Equal("Hub A", (await new UserDirectory(db.Factory, new AuditLog(db.Factory, TimeProvider.System), TimeProvider.System).ListAsync(Ct))[0].AllowedHubs);
    }

    [Fact]
    public async Task Anyone_but_an_admin_gets_nothing_of_the_users_section()
    {
        await using var db = await SeedAsync(Roles.Analyst);

        var cut = Render<UsersSection>();

        Assert.Empty(cut.FindAll("#users-settings"));
        Assert.DoesNotContain("zoe@example.net", cut.Markup);
    }
}
