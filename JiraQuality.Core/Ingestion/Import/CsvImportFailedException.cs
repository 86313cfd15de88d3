namespace JiraQuality.Core.Ingestion.Import;

/// <summary>A <c>csv-import</c> job whose files were refused or failed: the job fails and queues no processing.</summary>
public sealed class CsvImportFailedException(string message) : Exception(message);
