namespace JiraQuality.Core.Jira.Client;

public sealed record JiraAccount(string AccountId, string DisplayName, string? EmailAddress, string? TimeZone);
