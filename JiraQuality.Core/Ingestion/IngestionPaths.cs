namespace JiraQuality.Core.Ingestion;

/// <summary>Where the ingestion layer finds its files.</summary>
public sealed class IngestionPaths(string dataDirectory, IngestionOptions options, SampleOptions sample)
{
    public string DataDirectory { get; } = dataDirectory;

    public string AgentDirectoryFile { get; } = Path.Combine(dataDirectory, options.AgentDirectoryFile);

    public string SampleExportFile { get; } = Path.Combine(dataDirectory, sample.File);

    public string SampleTaxonomyFile { get; } = Path.Combine(dataDirectory, sample.TaxonomyFile);
}
