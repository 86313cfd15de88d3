using Bunit;
using JiraQuality.Core.Reporting;
using JiraQuality.Core.Reporting.Dashboard;
using JiraQuality.Core.SavedViews;
using JiraQuality.Core.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using JiraQuality.Tests.Infrastructure;
using JiraQuality.Web.Features.Dashboard;

namespace JiraQuality.Tests.Reporting;

public sealed class FilterBarTests : MudTestContext
{
    // The bar holds the saved-views menu, which reads nothing while nobody is signed in.
    public FilterBarTests()
        : base(services => services
            .AddSingleton(new SavedViewStore(new NoDatabase(), TimeProvider.System))
            .AddSingleton<Microsoft.AspNetCore.Components.Authorization.AuthenticationStateProvider, NobodySignedIn>())
    {
    }

    private sealed class NoDatabase : IDbContextFactory<JiraQualityDbContext>
    {
        public JiraQualityDbContext CreateDbContext() => throw new InvalidOperationException("The filter bar read the database while nobody was signed in.");
    }

    [Fact]
    public void Window_search_and_clear_raise_the_new_view_and_the_view_round_trips_through_the_url()
    {
        var changes = new List<DashboardView>();
        var view = new DashboardView { Window = MetricsWindow.Last30Days, Filter = new MetricsFilter { Hub = "Hub A", Resolved = false } };
        var options = new MetricsFilterOptions(["Agent Alpha"], ["Tier1"], ["Hub A"], ["Done"], ["Billing"], ["Neutral"]);

        var cut = Render<FilterBar>(p => p
            .Add(c => c.View, view)
            .Add(c => c.Options, options)
            .Add(c => c.ViewChanged, (DashboardView v) => changes.Add(v)));

        Assert.Equal("true", cut.Find("#window-30d").GetAttribute("aria-pressed"));
        cut.Find("#window-24h").Click();
        cut.Find("#filter-search").Change("abc-1");
        cut.Find("#filter-clear").Click();
        cut.Find("#filter-as-of").Change("yesterday-ish");
        Assert.Contains("Use a date and time", cut.Markup);
        cut.Find("#filter-as-of").Change("2024-04-01 08:30");

        Assert.Equal(MetricsWindow.Last24Hours, changes[0].Window);
        Assert.Equal("abc-1", changes[1].Filter.Search);
        Assert.Equal("Hub A", changes[1].Filter.Hub);
        Assert.True(changes[2].Filter.IsEmpty);
        Assert.Equal(MetricsWindow.Last30Days, changes[2].Window);
        Assert.Equal(4, changes.Count);
        Assert.Equal(new DateTime(2024, 4, 1, 8, 30, 0, DateTimeKind.Utc), changes[3].AsOfUtc);

        var query = changes[1].ToQuery();
        var back = DashboardView.FromQuery(key => query.TryGetValue(key, out var value) ? value?.ToString() : null);
        Assert.Equal(changes[1], back);
        var link = changes[1].ToQueryString();
        Assert.StartsWith("?", link);
        Assert.Equal(
            ["hub=Hub%20A", "q=abc-1", "resolved=false", "window=30d"],
            link.TrimStart('?').Split('&').Order(StringComparer.Ordinal));
    }

}
