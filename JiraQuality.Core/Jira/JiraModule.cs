using JiraQuality.Core.Jira.Client;
using JiraQuality.Core.Jira.Schedule;
using JiraQuality.Core.Jira.Sync;
using JiraQuality.Core.Jira.Webhooks;
using JiraQuality.Core.Jobs;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace JiraQuality.Core.Jira;

public static class JiraModule
{
    /// <summary>
    /// The Jira module: the Jira client (settings checked at start), the sync and its jobs, the webhook inbox and its
    /// worker, the refresh schedule (<c>Schedule</c>, <c>Refresh</c>, <c>Webhooks</c> settings checked at start).
    /// </summary>
    public static IServiceCollection AddJira(this IServiceCollection services)
    {
        services.AddJiraCloudClient();
        services.AddOptions<ScheduleOptions>().BindConfiguration(ScheduleOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IValidateOptions<ScheduleOptions>, ScheduleOptionsValidator>();
        services.AddOptions<RefreshOptions>().BindConfiguration(RefreshOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<WebhookOptions>().BindConfiguration(WebhookOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IValidateOptions<WebhookOptions>, WebhookOptionsValidator>();
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
