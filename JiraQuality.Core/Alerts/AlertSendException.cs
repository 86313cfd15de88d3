namespace JiraQuality.Core.Alerts;

/// <summary>A send that did not go through. <see cref="Retryable"/>: worth trying again later (5xx, timeout, network).</summary>
public sealed class AlertSendException(string message, bool retryable, Exception? inner = null) : Exception(message, inner)
{
    public bool Retryable { get; } = retryable;
}
