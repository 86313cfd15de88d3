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
        services.AddOptions<WebhookOptions>().BindConfiguration(WebhookOptions.SectionName);
        services.AddScoped<JiraSyncService>();
        services.AddScoped<JiraStatusService>();
        services.AddScoped<IJobHandler, JiraSyncJobHandler>();
        services.AddScoped<IJobHandler, RefreshJobHandler>();
        services.AddSingleton<RefreshScheduleState>();
        services.AddSingleton<JiraWebhookInbox>();
        services.AddHostedService<JiraWebhookWorker>();
        services.AddHostedService<RefreshScheduler>();
        return services;
    }
}
