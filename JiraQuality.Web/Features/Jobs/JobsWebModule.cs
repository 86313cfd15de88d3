using JiraQuality.Core.Jobs;

namespace JiraQuality.Web.Features.Jobs;

public static class JobsWebModule
{
    /// <summary>
    /// The jobs feature's web side: the notice to open pages that stored data changed, and the relay of the progress
    /// stream to the <c>/hubs/jobs</c> SignalR hub. The queue and runner come from the Core jobs module.
    /// </summary>
    public static IServiceCollection AddJobsWeb(this IServiceCollection services)
    {
        services.AddSingleton(sp => new StoredDataChanges(sp.GetRequiredService<IJobEvents>(), sp.GetRequiredService<ILogger<StoredDataChanges>>()));
        services.AddHostedService(sp => sp.GetRequiredService<StoredDataChanges>());
        services.AddSignalR();
        services.AddHostedService<JobsHubRelay>();
        return services;
    }
}
