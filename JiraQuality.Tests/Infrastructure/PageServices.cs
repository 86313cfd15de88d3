using JiraQuality.Core.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace JiraQuality.Tests.Infrastructure;

/// <summary>
/// What the pages inject besides their own feature's services, for component tests that render them with bUnit: the
/// signed-in page user, the settings audit, the name and agent look-ups and the saved views. Each read goes to the
/// test's database, given as a factory because bUnit freezes its container before an async database exists.
/// </summary>
public static class PageServices
{
    public static IServiceCollection AddPageServices(this IServiceCollection services, Func<IDbContextFactory<JiraQualityDbContext>> database)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions();
        services.AddLogging();
        services.AddHttpContextAccessor();
        services.TryAddSingleton(_ => new Core.Identity.HubScopes(database()));
        services.TryAddSingleton(sp => new Core.Identity.AuditLog(database(), sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton(sp => new Core.Conversations.PersonNameDirectory(database(), sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton(_ => new Core.Reporting.ConversationQueries.PendingConversationQuery(database()));
        services.TryAddSingleton(sp => new Core.SavedViews.SavedViewStore(database(), sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton(sp => new Core.Ingestion.Roles.KnownCustomerService(database(), sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton(_ => new Core.Agents.Directory.AgentDirectoryService(
            database(),
            new Core.Ingestion.IngestionPaths(Path.Combine(Path.GetTempPath(), "jq-no-directory-file"), new Core.Ingestion.IngestionOptions(), new Core.Ingestion.SampleOptions())));
        services.TryAddSingleton<Core.Jobs.IJobEvents>(sp => new Core.Jobs.JobEventStream(sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton<Core.Jobs.IJobQueue>(sp => new Jira.RecordingJobQueue(sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton(sp => new JiraQuality.Web.Features.Jobs.StoredDataChanges(
            sp.GetRequiredService<Core.Jobs.IJobEvents>(),
            Microsoft.Extensions.Logging.Abstractions.NullLogger<JiraQuality.Web.Features.Jobs.StoredDataChanges>.Instance));
        services.TryAddSingleton(sp => new Core.Jobs.JobStore(database(), timeProvider: sp.GetRequiredService<TimeProvider>()));
        services.TryAddScoped<JiraQuality.Web.Features.Identity.PageUser>();
        services.TryAddScoped<JiraQuality.Web.Features.Settings.SettingsAudit>();
        return services;
    }
}
