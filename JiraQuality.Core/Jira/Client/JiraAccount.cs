using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace JiraQuality.Core.Jira.Client;

public sealed record JiraAccount(string AccountId, string DisplayName, string? EmailAddress, string? TimeZone);
