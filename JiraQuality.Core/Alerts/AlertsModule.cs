using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace JiraQuality.Core.Alerts;

public static class AlertsModule
{
    /// <summary>
    /// The alerts module: settings bound from <c>Alerts</c> and checked at start, rule evaluation, digests, the
    /// channels, the outbox and its worker (a hosted service), the history query and "send test".
    /// </summary>
    public static IServiceCollection AddAlerts(this IServiceCollection services, bool runWorker = true)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<AlertsOptions>()
            .BindConfiguration(AlertsOptions.SectionName)
            .PostConfigure(o => o.Normalize())
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<AlertsOptions>, AlertsOptionsValidator>();
        services.AddHttpClient(HttpAlertSender.ClientName, client => client.Timeout = Timeout.InfiniteTimeSpan);
        services.AddSingleton<IAlertSender, WebhookAlertSender>();
        services.AddSingleton<IAlertSender, SlackAlertSender>();
        services.AddSingleton<IAlertSender, TeamsAlertSender>();
        services.AddSingleton<IAlertSender, EmailAlertSender>();
        services.AddSingleton<AlertConfiguration>();
        services.AddSingleton<AlertSettingsEditor>();
        services.AddSingleton<AlertDispatcher>();
        services.AddSingleton<AlertOutboxSignal>();
        services.AddSingleton<AlertEvaluationService>();
        services.AddSingleton<AlertDigestService>();
        services.AddSingleton<AlertOutbox>();
        services.AddSingleton<AlertHistoryQuery>();
        services.AddSingleton<AlertChannelTester>();
        services.AddSingleton<AlertsAfterProcessing>();
        if (runWorker)
        {
            services.AddHostedService<AlertWorker>();
        }

        return services;
    }
}
