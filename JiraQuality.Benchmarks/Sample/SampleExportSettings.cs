namespace JiraQuality.Benchmarks.Sample;

/// <summary>What to generate.</summary>
public sealed record SampleExportSettings
{
    public int Seed { get; init; } = 20251103;
    public int Tickets { get; init; } = 300;

    /// <summary>The latest ticket is created shortly before this instant (UTC).</summary>
    public DateTime EndUtc { get; init; } = new(2025, 11, 30, 18, 0, 0, DateTimeKind.Utc);

    public int Days { get; init; } = 30;
    public int MinComments { get; init; } = 2;
    public int MaxComments { get; init; } = 30;
    public string ProjectKey { get; init; } = "CC";
}
