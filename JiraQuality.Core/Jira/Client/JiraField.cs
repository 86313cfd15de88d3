namespace JiraQuality.Core.Jira.Client;

public sealed record JiraField(string Id, string Name, bool Custom);
