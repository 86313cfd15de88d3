using JiraQuality.Core.Reporting.Dashboard;
using JiraQuality.Web.Components.Shared;


namespace JiraQuality.Tests.Reporting;

public sealed class FormatTests
{
    [Theory]
    [InlineData(119.6, "2h")]
    [InlineData(125.4, "2h 5m")]
    [InlineData(59.94, "59.9m")]
    [InlineData(5, "5.0m")]
    public void Durations_never_read_sixty_minutes(double minutes, string expected) => Assert.Equal(expected, Format.Minutes(minutes));

    [Fact]
    public void Kpi_values_deltas_and_tiers_read_in_their_unit()
    {
        Assert.Equal("3.46 / 5", Format.Kpi(KpiFormat.Score, 3.456));
        Assert.Equal("67%", Format.Kpi(KpiFormat.Percent, 66.7));
        Assert.Equal("—", Format.Kpi(KpiFormat.Percent, null));
        Assert.Equal("$0.031", Format.Kpi(KpiFormat.Usd, 0.0312));
        Assert.Equal("$0.000112", Format.Kpi(KpiFormat.Usd, 0.000112));
        Assert.Equal("$0.00496", Format.Kpi(KpiFormat.Usd, 0.00496));
        Assert.Equal("$0.000", Format.Kpi(KpiFormat.Usd, 0));
        Assert.Equal("$1,234.50", Format.Kpi(KpiFormat.Usd, 1234.5));
        Assert.Equal("−$0.0000500", Format.Delta(KpiFormat.Usd, -0.00005));
        Assert.Equal("+12.5 pts", Format.Delta(KpiFormat.Percent, 12.5));
        Assert.Equal("−0.25", Format.Delta(KpiFormat.Score, -0.25));
        Assert.Equal(["Tier 1", "Tier 2", "Non agent", "—"], new[] { "TIER_1", "tier2", "NonAgent", null }.Select(Format.Tier));
    }
}
