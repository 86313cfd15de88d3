namespace JiraQuality.Core.Conversations;

/// <summary>The author as the source delivered it: display name and Jira's account type ("atlassian", "customer", "app"), either may be unknown.</summary>
public sealed record MessageAuthorSource(string? Name, string? AccountType);
