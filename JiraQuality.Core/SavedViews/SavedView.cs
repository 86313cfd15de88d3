namespace JiraQuality.Core.SavedViews;

/// <summary>A named set of filters: the page it belongs to and its query string (window, filters, as of).</summary>
public sealed record SavedView(string Name, string Path, string Query);
