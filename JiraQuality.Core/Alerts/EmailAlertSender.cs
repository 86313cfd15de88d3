using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;

namespace JiraQuality.Core.Alerts;

/// <summary>E-mail over SMTP with MailKit (text and HTML parts; ticket text HTML-encoded).</summary>
public sealed class EmailAlertSender(IOptionsMonitor<AlertsOptions> options) : IAlertSender
{
    public string Kind => AlertChannelKinds.Email;

    public async Task SendAsync(AlertChannelOptions channel, AlertEnvelope envelope, CancellationToken cancellationToken)
    {
        var settings = options.CurrentValue;
        var smtp = settings.Smtp;
        var message = Render(channel, envelope, smtp);
        using var client = new SmtpClient { Timeout = (int)Math.Min(int.MaxValue, settings.SendTimeout.TotalMilliseconds) };
        try
        {
            await client.ConnectAsync(smtp.Host, smtp.Port, Security(smtp.Security), cancellationToken);
            if (!string.IsNullOrEmpty(smtp.User))
            {
                await client.AuthenticateAsync(smtp.User, smtp.Password, cancellationToken);
            }

            await client.SendAsync(message, cancellationToken);
            await client.DisconnectAsync(quit: true, cancellationToken);
        }
        catch (AuthenticationException ex)
        {
            throw new AlertSendException($"Channel '{channel.Name}': the SMTP server refused the user name or password ({ex.GetType().Name}).", retryable: false);
        }
        catch (SmtpCommandException ex)
        {
            var code = (int)ex.StatusCode;
            throw new AlertSendException($"Channel '{channel.Name}': the SMTP server answered {code.ToString(CultureInfo.InvariantCulture)}: {ex.Message}", retryable: code < 500);
        }
        catch (Exception ex) when (ex is SmtpProtocolException or IOException or SocketException or SslHandshakeException or TimeoutException
                                   || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            throw new AlertSendException($"Channel '{channel.Name}': the SMTP server at {smtp.Host}:{smtp.Port.ToString(CultureInfo.InvariantCulture)} could not be used: {ex.Message}", retryable: true);
        }
    }

    public static MimeMessage Render(AlertChannelOptions channel, AlertEnvelope envelope, AlertSmtpOptions smtp)
    {
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(string.IsNullOrWhiteSpace(smtp.From) ? "jiraquality@localhost" : smtp.From));
        foreach (var address in channel.Recipients)
        {
            message.To.Add(MailboxAddress.Parse(address));
        }

        message.Subject = envelope.Subject;
        message.Headers.Add("X-JiraQuality-Delivery", envelope.DeliveryId.ToString());
        var text = new StringBuilder();
        var html = new StringBuilder("<!DOCTYPE html><html><body>");
        html.Append("<h1>").Append(WebUtility.HtmlEncode(envelope.Subject)).Append("</h1>");
        foreach (var alert in envelope.Alerts)
        {
            text.AppendLine(alert.Title).AppendLine(alert.Reason);
            text.AppendLine(CultureInfo.InvariantCulture, $"Hub: {alert.Hub ?? "-"}; agent: {alert.Agent ?? "-"}; conversation score: {AlertRuleMatcher.Number(alert.ConversationScore)}; agent score: {AlertRuleMatcher.Number(alert.AgentScore)}");
            html.Append("<h2>").Append(WebUtility.HtmlEncode(alert.Title)).Append("</h2>");
            html.Append("<p>").Append(WebUtility.HtmlEncode(alert.Reason)).Append("</p><ul>");
            html.Append("<li>Hub: ").Append(WebUtility.HtmlEncode(alert.Hub ?? "–")).Append("</li>");
            html.Append("<li>Agent: ").Append(WebUtility.HtmlEncode(alert.Agent ?? "–")).Append("</li>");
            html.Append("<li>Conversation score: ").Append(AlertRuleMatcher.Number(alert.ConversationScore)).Append("</li>");
            html.Append("<li>Agent score: ").Append(AlertRuleMatcher.Number(alert.AgentScore)).Append("</li></ul>");
            if (!string.IsNullOrWhiteSpace(alert.Excerpt))
            {
                text.AppendLine("> " + alert.Excerpt);
                html.Append("<blockquote>").Append(WebUtility.HtmlEncode(alert.Excerpt)).Append("</blockquote>");
            }

            foreach (var link in new[] { alert.Url, alert.DashboardUrl }.Where(l => l is not null).Distinct())
            {
                text.AppendLine(link);
                html.Append("<p><a href=\"").Append(WebUtility.HtmlEncode(link)).Append("\">").Append(WebUtility.HtmlEncode(link)).Append("</a></p>");
            }

            text.AppendLine();
        }

        html.Append("</body></html>");
        message.Body = new BodyBuilder { TextBody = text.ToString(), HtmlBody = html.ToString() }.ToMessageBody();
        return message;
    }

    private static SecureSocketOptions Security(string security) => security.Trim().ToLowerInvariant() switch
    {
        "none" => SecureSocketOptions.None,
        "ssl" => SecureSocketOptions.SslOnConnect,
        "auto" => SecureSocketOptions.Auto,
        _ => SecureSocketOptions.StartTls,
    };
}
