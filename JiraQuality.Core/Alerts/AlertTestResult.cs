namespace JiraQuality.Core.Alerts;

/// <summary>The outcome of a test send.</summary>
public sealed record AlertTestResult(bool Succeeded, string Message);
