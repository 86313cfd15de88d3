namespace JiraQuality.Benchmarks.Ingestion;

/// <summary>One measured run.</summary>
public sealed record IngestionBenchmarkRun(string Scenario, int Tickets, long Comments, TimeSpan Elapsed, long PeakWorkingSetBytes)
{
    public double TicketsPerSecond => Tickets / Math.Max(Elapsed.TotalSeconds, 1e-9);
}
