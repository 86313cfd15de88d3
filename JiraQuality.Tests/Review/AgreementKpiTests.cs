using JiraQuality.Core.Review;
using JiraQuality.Core.Storage;
using JiraQuality.Tests.Infrastructure;

namespace JiraQuality.Tests.Review;

/// <summary>"AI–human agreement (30 d)": the exact share of all pairs of the 30 days, beside the 30 days before.</summary>
public sealed class AgreementKpiTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>
    /// Previous period (reviews saved on day 0): SUP-1 (1, AI 4) no, SUP-2 (2, 2) yes → 1 of 2 = 50 %.
    /// Current period (day 40): SUP-1 (4, 4) yes and customer (3, 3) yes, SUP-2 (3, 2) no, SUP-3 in Madrid (5, AI 4.5 → 5) yes
    /// → 3 of 4 = 75 %, all within one; +25 points. Berlin only: 2 of 3.
    /// </summary>
    internal static async Task SeedAsync(ReviewTestServices services)
    {
        await services.AddConversationAsync("SUP-1", agent: 4, customer: 3);
        await services.AddConversationAsync("SUP-2", agent: 2);
        await services.AddConversationAsync("SUP-3", agent: 4.5, hub: "Madrid");
        await services.ReviewAsync("SUP-1", "ana@support.example", ("agent_score", 1));
        await services.ReviewAsync("SUP-2", "ana@support.example", ("agent_score", 2));
        services.Time.Advance(TimeSpan.FromDays(40));
        await services.ReviewAsync("SUP-1", "bo@support.example", ("agent_score", 4), ("customer_score", 3));
        await services.ReviewAsync("SUP-2", "bo@support.example", ("agent_score", 3));
        await services.ReviewAsync("SUP-3", "bo@support.example", ("agent_score", 5));
        services.Time.Advance(TimeSpan.FromMinutes(1));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_kpi_pools_every_category_and_compares_with_the_previous_30_days(DatabaseProvider provider)
    {
        await using var services = await ReviewTestServices.CreateAsync(provider);
        var query = services.Get<AgreementKpiQuery>();

        var empty = await query.GetAsync(null, null, Ct);
        Assert.Equal(0, empty.Current.Pairs);
        Assert.Null(empty.Current.ExactAgreement);
        Assert.Null(empty.Delta);

        await SeedAsync(services);
        var kpi = await query.GetAsync(null, null, Ct);

        Assert.Equal(services.Time.GetUtcNow().UtcDateTime, kpi.Current.ToUtc);
        Assert.Equal(kpi.Current.FromUtc, kpi.Previous.ToUtc);
        Assert.Equal(4, kpi.Current.Pairs);
        Assert.Equal(0.75, kpi.Current.ExactAgreement!.Value, 12);
        Assert.Equal(1, kpi.Current.WithinOne!.Value, 12);
        Assert.Equal(2, kpi.Previous.Pairs);
        Assert.Equal(0.5, kpi.Previous.ExactAgreement!.Value, 12);
        Assert.Equal(0.25, kpi.Delta!.Value, 12);

        var berlin = await query.GetAsync(null, "Berlin", Ct);
        Assert.Equal(3, berlin.Current.Pairs);
        Assert.Equal(2.0 / 3, berlin.Current.ExactAgreement!.Value, 12);

        // Anchored 35 days back, the current 30 days hold only the day-0 reviews.
        var anchored = await query.GetAsync(services.Time.GetUtcNow().UtcDateTime.AddDays(-35), null, Ct);
        Assert.Equal(2, anchored.Current.Pairs);
        Assert.Equal(0, anchored.Previous.Pairs);
    }
}
