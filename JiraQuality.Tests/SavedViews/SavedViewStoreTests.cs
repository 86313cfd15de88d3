using JiraQuality.Core.SavedViews;
using JiraQuality.Core.Storage;
using JiraQuality.Tests.Infrastructure;

namespace JiraQuality.Tests.SavedViews;

public sealed class SavedViewStoreTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Views_are_kept_per_user_replaced_by_name_and_deleted(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var store = new SavedViewStore(database.Factory, TimeProvider.System);

        Assert.Null(await store.SaveAsync("ana", new SavedView("Unresolved billing", "/conversations", "?focus=unresolved&reason=Billing"), Ct));
        Assert.Null(await store.SaveAsync("ana", new SavedView("  Hub A  ", "/", "?hub=Hub%20A"), Ct));
        Assert.Null(await store.SaveAsync("bruno", new SavedView("Mine", "/", "?window=30d"), Ct));
        Assert.Null(await store.SaveAsync("ana", new SavedView("unresolved BILLING", "/conversations", "?focus=unresolved"), Ct));

        var ana = await store.ListAsync("ana", Ct);
        Assert.Equal(["Hub A", "unresolved BILLING"], ana.Select(v => v.Name));
        Assert.Equal("?focus=unresolved", ana[1].Query);
        Assert.Equal(["Mine"], (await store.ListAsync("bruno", Ct)).Select(v => v.Name));

        await store.DeleteAsync("ana", "hub a", Ct);
        Assert.Equal(["unresolved BILLING"], (await store.ListAsync("ana", Ct)).Select(v => v.Name));
        Assert.Single(await store.ListAsync("bruno", Ct));
        Assert.Empty(await store.ListAsync("carla", Ct));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_view_without_a_name_or_pointing_outside_the_app_is_refused_and_nothing_is_stored(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var store = new SavedViewStore(database.Factory, TimeProvider.System);

        Assert.Equal("Give the view a name.", await store.SaveAsync("ana", new SavedView("  ", "/", ""), Ct));
        Assert.NotNull(await store.SaveAsync("ana", new SavedView("Away", "//evil.example/", ""), Ct));
        Assert.NotNull(await store.SaveAsync("ana", new SavedView("Away", "https://evil.example/", ""), Ct));
        Assert.NotNull(await store.SaveAsync("ana", new SavedView(new string('x', SavedViewStore.MaxNameLength + 1), "/", ""), Ct));
        Assert.Empty(await store.ListAsync("ana", Ct));
    }
}
