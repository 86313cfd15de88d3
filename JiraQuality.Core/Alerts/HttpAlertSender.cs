using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;

namespace JiraQuality.Core.Alerts;

/// <summary>The HTTP part the webhook, Slack and Teams senders share: status handling and secrets kept out of errors.</summary>
public abstract class HttpAlertSender(IHttpClientFactory clients, IOptionsMonitor<AlertsOptions> options) : IAlertSender
{
    public const string ClientName = "alerts";

    public abstract string Kind { get; }

    public async Task SendAsync(AlertChannelOptions channel, AlertEnvelope envelope, CancellationToken cancellationToken)
    {
        var body = Encoding.UTF8.GetBytes(Render(envelope).ToJsonString());
        using var request = new HttpRequestMessage(HttpMethod.Post, channel.Url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        request.Headers.TryAddWithoutValidation("X-JiraQuality-Delivery", envelope.DeliveryId.ToString());
        AddHeaders(request, channel, body);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.CurrentValue.SendTimeout);
        HttpResponseMessage response;
        try
        {
            response = await clients.CreateClient(ClientName).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new AlertSendException($"Channel '{channel.Name}' did not answer within {options.CurrentValue.SendTimeout.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s.", retryable: true);
        }
        catch (HttpRequestException ex)
        {
            // The message of a connection failure names host and port at most, never the path that holds the secret.
            throw new AlertSendException($"Channel '{channel.Name}' could not be reached: {Describe(ex)}", retryable: true);
        }

        using (response)
        {
            if (response.IsSuccessStatusCode)
            {
                return;
            }

            var status = (int)response.StatusCode;
            var retryable = status >= 500 || response.StatusCode is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests;
            throw new AlertSendException($"Channel '{channel.Name}' answered HTTP {status.ToString(CultureInfo.InvariantCulture)} {response.ReasonPhrase}.", retryable);
        }
    }

    /// <summary>The JSON body for the channel.</summary>
    public abstract JsonNode Render(AlertEnvelope envelope);

    protected virtual void AddHeaders(HttpRequestMessage request, AlertChannelOptions channel, byte[] body)
    {
    }

    private static string Describe(HttpRequestException ex) =>
        ex.InnerException is SocketException socket ? socket.SocketErrorCode.ToString() : ex.HttpRequestError.ToString();
}
