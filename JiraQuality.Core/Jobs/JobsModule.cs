using JiraQuality.Core.Instances;
using JiraQuality.Core.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace JiraQuality.Core.Jobs;

public static class JobsModule
{
    /// <summary>
    /// The jobs module: the <c>Jobs</c> settings checked at start, the stored job records, the progress stream, the
    /// per-kind lock and the runner. With <paramref name="runInBackground"/> (the web app) the runner is the queue and a
    /// hosted service with its lanes, and jobs of other instances on a shared database join the same stream; without it
    /// (the command line) a job asked for runs at once in the calling process, recorded like the app's. Handlers are
    /// registered by their own modules as scoped <see cref="IJobHandler"/>s and found by <see cref="IJobHandler.Kind"/>.
    /// </summary>
    public static IServiceCollection AddJobs(this IServiceCollection services, bool runInBackground = true)
    {
        services.AddOptions<JobOptions>()
            .BindConfiguration(JobOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton<JobStore>();
        services.AddSingleton<JobEventStream>();
        services.AddSingleton<IJobEvents>(sp => sp.GetRequiredService<JobEventStream>());
        services.AddSingleton(sp => FileJobKindLock.For(sp.GetRequiredService<StorageOptions>()));
        services.AddSingleton<JobRunner>();
        if (!runInBackground)
        {
            services.AddSingleton<IJobQueue, InlineJobQueue>();
            return services;
        }

        services.AddSingleton<IJobQueue>(sp => sp.GetRequiredService<JobRunner>());
        services.AddHostedService(sp => sp.GetRequiredService<JobRunner>());

        // Feeds jobs of the other instances on a shared database into the same stream (idle on SQLite): in milliseconds
        // through LISTEN/NOTIFY, and by reading the job table as the safety net.
        services.AddSingleton(_ => new InstanceIdentity());
        services.AddSingleton<PostgresJobNotifications>();
        services.AddHostedService(sp => sp.GetRequiredService<PostgresJobNotifications>());
        services.AddHostedService<ClusterJobMonitor>();
        return services;
    }
}
