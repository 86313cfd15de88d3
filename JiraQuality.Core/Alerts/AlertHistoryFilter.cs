namespace JiraQuality.Core.Alerts;

public sealed record AlertHistoryFilter(string? State = null, string? Channel = null, string? RuleKind = null, int Take = 200);
