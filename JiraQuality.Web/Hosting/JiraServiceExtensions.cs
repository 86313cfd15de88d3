using JiraQuality.Core.Jira;
using JiraQuality.Core.Jobs;

namespace JiraQuality.Web.Hosting;

public static class JiraServiceExtensions
{
    /// <summary>Wires the Jira client, the sync and its jobs, the webhook inbox and the refresh schedule.</summary>
    public static IServiceCollection AddJiraQualityJira(this IServiceCollection services)
    {
        services.AddJiraCloudClient();
        services.AddOptions<ScheduleOptions>().BindConfiguration(ScheduleOptions.SectionName);
        services.AddOptions<RefreshOptions>().BindConfiguration(RefreshOptions.SectionName);
        services.AddOptions<WebhookOptions>()
            .BindConfiguration(WebhookOptions.SectionName)
            .Validate(o => o.MaxFetchAttempts >= 1, "Webhooks:MaxFetchAttempts must be at least 1.")
            .Validate(o => o.RetryBaseDelay > TimeSpan.Zero && o.RetryMaxDelay >= o.RetryBaseDelay, "Webhooks:RetryBaseDelay must be a positive time span (hh:mm:ss) and Webhooks:RetryMaxDelay at least as long.")
            .Validate(o => o.PollInterval > TimeSpan.Zero, "Webhooks:PollInterval must be a positive time span (hh:mm:ss).")
            .Validate(
                o => o.DeliveryRetention >= WebhookOptions.MinimumDeliveryRetention,
                $"Webhooks:DeliveryRetention must be at least {WebhookOptions.MinimumDeliveryRetention.TotalHours:0} hours (d.hh:mm:ss), longer than Jira retries a delivery, or a retry would be fetched again.")
            .ValidateOnStart();
        services.AddScoped<JiraSyncService>();
        services.AddScoped<JiraStatusService>();
        services.AddScoped<IJobHandler, JiraSyncJobHandler>();
        services.AddScoped<IJobHandler, RefreshJobHandler>();
        services.AddSingleton<RefreshScheduleState>();
        services.AddSingleton<JiraWebhookInbox>();
        services.AddSingleton<JiraWebhookRefetcher>();
        services.AddHostedService<JiraWebhookWorker>();
        services.AddHostedService<RefreshScheduler>();
        return services;
    }
}
