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

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Saves_and_deletes_at_the_same_moment_all_survive(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var store = new SavedViewStore(database.Factory, TimeProvider.System);
        Assert.Null(await store.SaveAsync("ana", new SavedView("Old 1", "/", "?window=7d"), Ct));
        Assert.Null(await store.SaveAsync("ana", new SavedView("Old 2", "/", "?window=7d"), Ct));

        // Like several tabs saving at once: each save starts from the list as it was, none may drop another's view.
        using var start = new SemaphoreSlim(0);
        var saves = Enumerable.Range(1, 12).Select(i => Task.Run(
            async () =>
            {
                await start.WaitAsync(Ct);
                return await store.SaveAsync("ana", new SavedView($"Tab {i:00}", "/conversations", $"?page={i}"), Ct);
            },
            Ct)).ToList();
        var delete = Task.Run(
            async () =>
            {
                await start.WaitAsync(Ct);
                await store.DeleteAsync("ana", "Old 1", Ct);
            },
            Ct);
        // A user without any view yet: their first views are stored by several tabs at once.
        var firstViews = Enumerable.Range(1, 4).Select(i => Task.Run(
            async () =>
            {
                await start.WaitAsync(Ct);
                return await store.SaveAsync("bruno", new SavedView($"First {i}", "/", ""), Ct);
            },
            Ct)).ToList();
        start.Release(17);
        Assert.All(await Task.WhenAll(saves), Assert.Null);
        await delete;
        Assert.All(await Task.WhenAll(firstViews), Assert.Null);

        Assert.Equal(["Old 2", .. Enumerable.Range(1, 12).Select(i => $"Tab {i:00}")], (await store.ListAsync("ana", Ct)).Select(v => v.Name));
        Assert.Equal(["First 1", "First 2", "First 3", "First 4"], (await store.ListAsync("bruno", Ct)).Select(v => v.Name));
    }
}
