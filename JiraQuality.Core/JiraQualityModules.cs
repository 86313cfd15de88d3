using JiraQuality.Core.Agents;
using JiraQuality.Core.Alerts;
using JiraQuality.Core.Identity;
using JiraQuality.Core.Ingestion;
using JiraQuality.Core.Jira;
using JiraQuality.Core.Jobs;
using JiraQuality.Core.Reporting;
using JiraQuality.Core.Review;
using JiraQuality.Core.SavedViews;
using JiraQuality.Core.Scoring;
using JiraQuality.Core.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace JiraQuality.Core;

public static class JiraQualityModules
{
    /// <summary>
    /// Every Core module, the same list in every host, so that every contract a module needs is registered wherever it
    /// runs. <paramref name="background"/> is true for the web app: the schema is migrated when it starts, jobs run in
    /// the background runner and alerts are delivered by their worker. The command line passes false: it migrates when
    /// a verb needs the database, runs a job at once in its own process and delivers alerts once after processing.
    /// </summary>
    public static IServiceCollection AddJiraQualityCore(this IServiceCollection services, bool background = true)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddStorage(migrateOnStart: background);
        services.AddJiraQualityIdentity();
        services.AddIngestion();
        services.AddScoring();
        services.AddJobs(runInBackground: background);
        services.AddReporting();
        services.AddJira();
        services.AddAlerts(runWorker: background);
        services.AddReview();
        services.AddSavedViews();
        services.AddAgents();
        return services;
    }
}
