using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;

namespace JiraQuality.Core.Alerts;

/// <summary>Finds the sender for a channel's kind and sends.</summary>
public sealed class AlertDispatcher(IEnumerable<IAlertSender> senders)
{
    private readonly Dictionary<string, IAlertSender> _senders = senders.ToDictionary(s => s.Kind, StringComparer.Ordinal);

    public Task SendAsync(AlertChannelOptions channel, AlertEnvelope envelope, CancellationToken cancellationToken) =>
        _senders.TryGetValue(channel.Kind, out var sender)
            ? sender.SendAsync(channel, envelope, cancellationToken)
            : throw new AlertSendException($"Channel '{channel.Name}' has kind '{channel.Kind}', which no sender handles.", retryable: false);
}
