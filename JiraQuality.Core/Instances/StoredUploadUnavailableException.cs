namespace JiraQuality.Core.Instances;

/// <summary>A stored upload that is gone or was never written to the end: its import cannot run.</summary>
public sealed class StoredUploadUnavailableException(string message) : IOException(message);
