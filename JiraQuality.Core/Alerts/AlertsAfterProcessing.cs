using Microsoft.Extensions.Options;

namespace JiraQuality.Core.Alerts;

/// <summary>
/// What the <c>process</c> verb does after scoring: evaluates the rules on what it stored and sends what is due once.
/// Deliveries that must wait (a retry, the digest) are left in the outbox for the running app.
/// </summary>
public sealed class AlertsAfterProcessing(AlertConfiguration configuration, AlertEvaluationService evaluation, AlertOutbox outbox)
{
    public async Task RunAsync(TextWriter output, CancellationToken cancellationToken)
    {
        AlertsOptions options;
        try
        {
            options = await configuration.CurrentAsync(cancellationToken);
        }
        catch (OptionsValidationException ex)
        {
            await output.WriteLineAsync("Alerts were not evaluated: " + string.Join(" ", ex.Failures));
            return;
        }

        if (!options.HasRules)
        {
            return;
        }

        var created = await evaluation.EvaluateAsync(cancellationToken);
        var pass = await outbox.DeliverDueAsync(cancellationToken);
        await output.WriteLineAsync($"Alerts: {created} new, {pass.Sent} sent, {pass.Retrying} waiting to be retried, {pass.Failed} failed.");
    }
}
