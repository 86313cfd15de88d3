namespace JiraQuality.Web.Hosting;

public static class JobsServiceExtensions
{
    /// <summary>Wires the jobs layer's services.</summary>
    public static IServiceCollection AddJiraQualityJobs(this IServiceCollection services)
    {
        return services;
    }
}
