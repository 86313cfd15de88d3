using JiraQuality.Core.Reporting.Dashboard;


namespace JiraQuality.Web.Components.Shared;

/// <summary>ApexCharts option objects for the dashboard's trends (previous period as a dashed series).</summary>
public static class ApexChartOptions
{
    /// <summary>Series colours; a previous-period series takes its current series' colour, told apart by its dashes.</summary>
    private static readonly string[] SeriesColours = ["#2563eb", "#059669", "#d97706", "#7c3aed"];

    public static object Trend(TrendSeries trend, string title, string type, IReadOnlyList<(string Name, Func<TrendPoint, double?> Value)> series, int decimals)
    {
        var all = new List<object>();
        var widths = new List<int>();
        var dashes = new List<int>();
        foreach (var (name, value) in series)
        {
            all.Add(new { name, type, data = trend.Current.Select(p => Round(value(p), decimals)).ToArray() });
            widths.Add(2);
            dashes.Add(0);
        }

        foreach (var (name, value) in series)
        {
            all.Add(new { name = name + " (previous period)", type = "line", data = trend.Previous.Select(p => Round(value(p), decimals)).ToArray() });
            widths.Add(2);
            dashes.Add(5);
        }

        return new
        {
            // Each further series adds legend rows above the plot; the plot keeps its height.
            chart = Frame(type, 240 + (40 * (series.Count - 1))),
            title = new { text = title, style = new { fontSize = "14px", fontWeight = 500 } },
            series = all,
            colors = Enumerable.Range(0, series.Count).Concat(Enumerable.Range(0, series.Count)).Select(i => SeriesColours[i % SeriesColours.Length]).ToArray(),
            stroke = new { width = widths, dashArray = dashes, curve = "straight" },
            fill = new { opacity = series.Select(_ => type == "area" ? 0.25 : 1).Concat(series.Select(_ => 1.0)).ToArray() },
            dataLabels = new { enabled = false },
            markers = new { size = 0 },
            xaxis = TimeAxis(trend),
            // A bucket cut by the window (the current hour or day, still filling) is shaded and labelled, so its
            // lower figures read as "not over yet" rather than as a drop.
            annotations = new
            {
                xaxis = PartialBuckets(trend).Select(label => new
                {
                    x = label,
                    borderColor = "#94a3b8",
                    fillColor = "#94a3b8",
                    opacity = 0.2,
                    strokeDashArray = 4,
                    label = new { text = "partial", orientation = "horizontal", borderColor = "#94a3b8", style = new { color = "#1f2937", background = "#e2e8f0" } },
                }).ToArray(),
            },
            yaxis = new { decimalsInFloat = decimals, min = 0, forceNiceScale = true },
            legend = new { position = "top", horizontalAlign = "left" },
            tooltip = new { shared = true, intersect = false },
            noData = new { text = "No conversations in this window" },
        };
    }

    public static object Donut(IReadOnlyList<SentimentSlice> slices) => new
    {
        chart = new { type = "donut", height = 240, background = "transparent", foreColor = "currentColor", fontFamily = "inherit", animations = new { enabled = false } },
        series = slices.Select(s => s.Count).ToArray(),
        labels = slices.Select(s => s.Sentiment).ToArray(),
        colors = slices.Select(s => SentimentColour(s.Sentiment)).ToArray(),
        legend = new { position = "bottom" },
        dataLabels = new { enabled = true },
        noData = new { text = "No sentiment in this window" },
    };

    public static object SentimentTrend(TrendSeries trend, SentimentPanel sentiment) => new
    {
        chart = new { type = "line", height = 240, background = "transparent", foreColor = "currentColor", fontFamily = "inherit", toolbar = new { show = false }, animations = new { enabled = false } },
        series = sentiment.Trend.Where(t => t.Value.Any(c => c > 0)).Select(t => new { name = t.Key, data = t.Value }).ToArray(),
        colors = sentiment.Trend.Where(t => t.Value.Any(c => c > 0)).Select(t => SentimentColour(t.Key)).ToArray(),
        stroke = new { width = 2, curve = "straight" },
        xaxis = new
        {
            categories = trend.Buckets.Select(b => trend.Hourly ? b.Label[^5..] : b.Label[5..]).ToArray(),
            tickAmount = Math.Min(trend.Buckets.Count, 12),
            labels = new { rotate = -45, hideOverlappingLabels = true },
        },
        yaxis = new { decimalsInFloat = 0, min = 0 },
        legend = new { position = "top", horizontalAlign = "left" },
        noData = new { text = "No sentiment in this window" },
    };

    public static string SentimentColour(string sentiment) => sentiment switch
    {
        "Delight" => "#10b981",
        "Convenience" => "#0ea5e9",
        "Trust" => "#06b6d4",
        "Frustration" => "#f59e0b",
        "Disappointment" => "#fb923c",
        "Concern" => "#fbbf24",
        "Hostility" => "#f87171",
        "Positive" => "#10b981",
        "Negative" => "#f87171",
        _ => "#94a3b8",
    };

    /// <summary>Axis labels; a partial bucket's label ends with "*" (the shaded "partial" marker explains it).</summary>
    public static string[] Categories(TrendSeries trend) =>
        trend.Buckets.Select(b => (trend.Hourly ? b.Label[^5..] : b.Label[5..]) + (b.Partial ? "*" : "")).ToArray();

    private static IEnumerable<string> PartialBuckets(TrendSeries trend) =>
        Categories(trend).Where((_, i) => trend.Buckets[i].Partial);

    /// <summary>True when at least one bucket of the window has a figure to draw.</summary>
    public static bool HasData(TrendSeries trend, Func<TrendPoint, double?> value) =>
        trend.Current.Any(p => value(p) is { } v && (v != 0 || p.Volume > 0));

    /// <summary>The chart block every trend shares: the page's colours and font, no toolbar, zoom or animation.</summary>
    public static object Frame(string type, int height) => new
    {
        type,
        height,
        background = "transparent",
        foreColor = "currentColor",
        fontFamily = "inherit",
        toolbar = new { show = false },
        zoom = new { enabled = false },
        animations = new { enabled = false },
    };

    /// <summary>The time axis of a trend: bucket labels, at most 12 ticks, titled with the hour or day and its zone.</summary>
    public static object TimeAxis(TrendSeries trend) => new
    {
        categories = Categories(trend),
        tickAmount = Math.Min(trend.Buckets.Count, 12),
        labels = new { rotate = -45, hideOverlappingLabels = true },
        title = new { text = trend.Hourly ? $"Hour ({trend.TimeZoneId})" : $"Day ({trend.TimeZoneId})" },
    };

    public static double? Round(double? value, int decimals) => value is { } v ? Math.Round(v, decimals) : null;
}
