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
