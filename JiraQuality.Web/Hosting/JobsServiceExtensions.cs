using JiraQuality.Core.Jobs;
using JiraQuality.Core.Storage;
using JiraQuality.Web.Features.Jobs;
using JiraQuality.Web.Hubs;

namespace JiraQuality.Web.Hosting;

public static class JobsServiceExtensions
{
    /// <summary>
    /// Wires the job queue and runner (a hosted service), the stored job records, the in-process progress stream and
    /// its relay to the <c>/hubs/jobs</c> SignalR hub. Handlers are registered by their own layers as scoped
    /// <see cref="IJobHandler"/>s and found by <see cref="IJobHandler.Kind"/>.
    /// </summary>
    public static IServiceCollection AddJiraQualityJobs(this IServiceCollection services)
    {
        services.AddOptions<JobOptions>()
            .BindConfiguration(JobOptions.SectionName)
            .Validate(o => o.QueueCapacityPerKind >= 1, "Jobs:QueueCapacityPerKind must be at least 1.")
            .Validate(o => o.LogTailLines >= 1, "Jobs:LogTailLines must be at least 1.")
            .Validate(o => o.ProgressSaveInterval > TimeSpan.Zero, "Jobs:ProgressSaveInterval must be a positive time span (hh:mm:ss).")
            .Validate(o => o.LockPollInterval > TimeSpan.Zero, "Jobs:LockPollInterval must be a positive time span (hh:mm:ss).")
            .Validate(o => o.RecoveryInterval > TimeSpan.Zero, "Jobs:RecoveryInterval must be a positive time span (hh:mm:ss).")
            .Validate(o => o.ClusterPollInterval > TimeSpan.Zero, "Jobs:ClusterPollInterval must be a positive time span (hh:mm:ss).")
            .ValidateOnStart();
        services.AddSingleton<JobStore>();
        services.AddSingleton<JobEventStream>();
        services.AddSingleton<IJobEvents>(sp => sp.GetRequiredService<JobEventStream>());
        services.AddSingleton(sp => FileJobKindLock.For(sp.GetRequiredService<StorageOptions>()));
        services.AddSingleton<JobRunner>();
        services.AddSingleton<IJobQueue>(sp => sp.GetRequiredService<JobRunner>());
        services.AddHostedService(sp => sp.GetRequiredService<JobRunner>());

        // Feeds jobs of the other instances on a shared database into the same stream (idle on SQLite): in milliseconds
        // through LISTEN/NOTIFY, and by reading the job table as the safety net.
        services.AddSingleton(_ => new JiraQuality.Core.Instances.InstanceIdentity());
        services.AddSingleton<JiraQuality.Core.Instances.PostgresJobNotifications>();
        services.AddHostedService(sp => sp.GetRequiredService<JiraQuality.Core.Instances.PostgresJobNotifications>());
        services.AddHostedService<ClusterJobMonitor>();

        services.AddSingleton(sp => new StoredDataChanges(sp.GetRequiredService<IJobEvents>(), sp.GetRequiredService<ILogger<StoredDataChanges>>()));
        services.AddHostedService(sp => sp.GetRequiredService<StoredDataChanges>());

        services.AddSignalR();
        services.AddHostedService<JobsHubRelay>();
        return services;
    }
}
