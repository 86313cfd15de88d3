namespace JiraQuality.Core.Alerts;

/// <summary>Sends an alert through one kind of channel.</summary>
public interface IAlertSender
{
    string Kind { get; }

    Task SendAsync(AlertChannelOptions channel, AlertEnvelope envelope, CancellationToken cancellationToken);
}
