using System.Text.Json;

namespace JiraQuality.Core.Jira.Client;

public sealed record JiraSearchPage(IReadOnlyList<JsonElement> Issues, string? NextPageToken, bool IsLast);
