namespace JiraQuality.Core.Alerts;

/// <summary>A channel as the Settings page lists it: where it sends, never its address path or secret.</summary>
public sealed record AlertChannelView(Guid? Id, string Name, string Kind, string Target, string To, bool HasUrl, bool HasSecret, bool FromSettings);
