namespace JiraQuality.Core.Reporting.Dashboard;

/// <summary>SQLite keeps timestamps as ISO text; its first 13 characters name the UTC hour.</summary>
internal static class SqliteHourText
{
    public static DateTime Parse(string text) =>
        DateTime.SpecifyKind(DateTime.ParseExact(text.Replace('T', ' '), "yyyy-MM-dd HH", System.Globalization.CultureInfo.InvariantCulture), DateTimeKind.Utc);
}
