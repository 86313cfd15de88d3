using System.Net;

namespace JiraQuality.Core.Jira.Client;

public sealed class JiraApiException(HttpStatusCode statusCode, string message) : Exception(message)
{
    public HttpStatusCode StatusCode { get; } = statusCode;
}
