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

/// <summary>Sends an alert through one kind of channel.</summary>
public interface IAlertSender
{
    string Kind { get; }

    Task SendAsync(AlertChannelOptions channel, AlertEnvelope envelope, CancellationToken cancellationToken);
}
