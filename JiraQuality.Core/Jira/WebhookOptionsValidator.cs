namespace JiraQuality.Core.Jira;

/// <summary>The webhook rules between two settings.</summary>
public sealed class WebhookOptionsValidator : Microsoft.Extensions.Options.IValidateOptions<WebhookOptions>
{
    public Microsoft.Extensions.Options.ValidateOptionsResult Validate(string? name, WebhookOptions options)
    {
        var errors = new List<string>();
        if (options.RetryMaxDelay < options.RetryBaseDelay)
        {
            errors.Add("Webhooks:RetryBaseDelay must be a positive time span (hh:mm:ss) and Webhooks:RetryMaxDelay at least as long.");
        }

        if (options.DeliveryRetention < WebhookOptions.MinimumDeliveryRetention)
        {
            errors.Add($"Webhooks:DeliveryRetention must be at least {WebhookOptions.MinimumDeliveryRetention.TotalHours:0} hours (d.hh:mm:ss), longer than Jira retries a delivery, or a retry would be fetched again.");
        }

        return errors.Count == 0 ? Microsoft.Extensions.Options.ValidateOptionsResult.Success : Microsoft.Extensions.Options.ValidateOptionsResult.Fail(errors);
    }
}
