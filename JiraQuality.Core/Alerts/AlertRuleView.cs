namespace JiraQuality.Core.Alerts;

/// <summary>A rule as the Settings page lists it.</summary>
public sealed record AlertRuleView(Guid? Id, AlertRuleOptions Rule, bool FromSettings);
