using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace JiraQuality.Core.Alerts;

/// <summary>
/// What the <c>process</c> verb does after scoring: evaluates the rules on what it stored and sends what is due once.
/// Deliveries that must wait (a retry, the digest) are left in the outbox for the running app.
/// </summary>
public static class AlertsAfterProcessing
{
    public static async Task RunAsync(IServiceProvider services, TextWriter output, CancellationToken cancellationToken)
    {
        AlertsOptions options;
        try
        {
            options = await services.GetRequiredService<AlertConfiguration>().CurrentAsync(cancellationToken);
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

        var created = await services.GetRequiredService<AlertEvaluationService>().EvaluateAsync(cancellationToken);
        var pass = await services.GetRequiredService<AlertOutbox>().DeliverDueAsync(cancellationToken);
        await output.WriteLineAsync($"Alerts: {created} new, {pass.Sent} sent, {pass.Retrying} waiting to be retried, {pass.Failed} failed.");
    }
}
