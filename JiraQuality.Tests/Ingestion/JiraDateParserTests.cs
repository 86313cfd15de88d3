using JiraQuality.Core.Ingestion;
using JiraQuality.Core.Ingestion.Csv;

namespace JiraQuality.Tests.Ingestion;

public sealed class JiraDateParserTests
{
    [Theory]
    [InlineData("13/Aug/25 9:13 PM", "2025-08-13T21:13:00")]
    [InlineData("3/Nov/25 12:05 AM", "2025-11-03T00:05:00")]
    [InlineData("13/08/2025 21:13", "2025-08-13T21:13:00")]
    [InlineData("03/04/2025 08:00", "2025-04-03T08:00:00")]
    [InlineData("2025-11-10T20:18:07.123+0000", "2025-11-10T20:18:07.123")]
    [InlineData("2025-11-10T20:18:07+01:00", "2025-11-10T19:18:07")]
    [InlineData("2025-11-10T20:18:07Z", "2025-11-10T20:18:07")]
    [InlineData("2025-11-10 20:18", "2025-11-10T20:18:00")]
    public void Reads_jira_formats_day_first_into_utc(string text, string expected)
    {
        var parser = new JiraDateParser(TimeZoneInfo.Utc, ExportDateOrder.DayFirst);

        Assert.True(parser.TryParseUtc(text, out var utc));
        Assert.Equal(DateTime.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), utc);
        Assert.Equal(DateTimeKind.Utc, utc.Kind);
    }

    [Fact]
    public void Month_first_setting_swaps_numeric_dates_only()
    {
        var parser = new JiraDateParser(TimeZoneInfo.Utc, ExportDateOrder.MonthFirst);
        Assert.True(parser.TryParseUtc("03/04/2025 08:00", out var numeric));
        Assert.Equal(new DateTime(2025, 3, 4, 8, 0, 0), numeric);
        Assert.True(parser.TryParseUtc("13/Aug/25 9:13 PM", out var named));
        Assert.Equal(new DateTime(2025, 8, 13, 21, 13, 0), named);
    }

    [Theory]
    [InlineData("")]
    [InlineData("soon")]
    [InlineData("31/02/2025 10:00")]
    [InlineData("13/13/2025 10:00")]
    public void Rejects_what_is_not_a_date(string text)
    {
        var parser = new JiraDateParser(TimeZoneInfo.Utc, ExportDateOrder.DayFirst);
        Assert.False(parser.TryParseUtc(text, out _));
    }

    [Fact]
    public void Naive_times_are_read_in_the_export_time_zone_including_the_daylight_saving_gap()
    {
        var parser = new JiraDateParser(JiraDateParser.ResolveTimeZone("Europe/Lisbon"), ExportDateOrder.DayFirst);
        Assert.True(parser.TryParseUtc("15/Jan/25 10:00 AM", out var winter));
        Assert.Equal(new DateTime(2025, 1, 15, 10, 0, 0), winter);
        Assert.True(parser.TryParseUtc("15/Jul/25 10:00 AM", out var summer));
        Assert.Equal(new DateTime(2025, 7, 15, 9, 0, 0), summer);
        Assert.True(parser.TryParseUtc("30/Mar/25 1:30 AM", out _));
    }

    [Fact]
    public void Unknown_time_zone_setting_is_a_clear_error()
    {
        var error = Assert.Throws<InvalidOperationException>(() => JiraDateParser.ResolveTimeZone("Mars/Olympus"));
        Assert.Contains("Ingestion:ExportTimeZone", error.Message);
        var validator = new IngestionOptionsValidator();
        Assert.Contains("Ingestion:ExportTimeZone", validator.Validate(null, new IngestionOptions { ExportTimeZone = "Mars/Olympus" }).FailureMessage);
        Assert.Contains("Ingestion:UnlistedAgentTier 'boss'", validator.Validate(null, new IngestionOptions { UnlistedAgentTier = "boss" }).FailureMessage);
        Assert.True(validator.Validate(null, new IngestionOptions()).Succeeded);
    }
}
