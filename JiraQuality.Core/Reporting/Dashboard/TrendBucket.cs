namespace JiraQuality.Core.Reporting.Dashboard;

/// <summary>A trend bucket: a local hour or day, cut to the window at its ends.</summary>
public sealed record TrendBucket(DateTime StartUtc, DateTime EndUtc, string Label, bool Partial);
