using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace JiraQuality.Core.Jira.Client;

public sealed record JiraSearchPage(IReadOnlyList<JsonElement> Issues, string? NextPageToken, bool IsLast);
