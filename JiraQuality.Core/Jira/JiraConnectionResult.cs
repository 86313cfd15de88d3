namespace JiraQuality.Core.Jira;

public sealed record JiraConnectionResult(bool Success, string Message);
