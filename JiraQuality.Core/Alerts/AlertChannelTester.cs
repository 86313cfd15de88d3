namespace JiraQuality.Core.Alerts;

/// <summary>Sends a test alert straight to a channel (not through the outbox) and says how it went.</summary>
public sealed class AlertChannelTester(AlertDispatcher dispatcher, AlertConfiguration configuration, TimeProvider time)
{
    public async Task<AlertTestResult> SendTestAsync(string channelName, CancellationToken cancellationToken = default)
    {
        var settings = await configuration.CurrentAsync(cancellationToken);
        var channel = settings.FindChannel(channelName);
        if (channel is null)
        {
            return new AlertTestResult(false, $"There is no channel named '{channelName}'.");
        }

        var message = new AlertMessage
        {
            Rule = "test",
            RuleId = "test",
            AtUtc = time.GetUtcNow().UtcDateTime,
            Url = string.IsNullOrWhiteSpace(settings.PublicUrl) ? null : settings.PublicUrl.TrimEnd('/') + "/alerts",
            Reason = $"This is a test alert from JiraQuality to channel '{channel.Name}'.",
        };
        try
        {
            await dispatcher.SendAsync(channel, new AlertEnvelope(Guid.NewGuid(), message, null), cancellationToken);
            return new AlertTestResult(true, $"Test alert sent to '{channel.Name}'.");
        }
        catch (AlertSendException ex)
        {
            return new AlertTestResult(false, ex.Message);
        }
    }
}
