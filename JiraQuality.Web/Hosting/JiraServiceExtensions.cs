namespace JiraQuality.Web.Hosting;

public static class JiraServiceExtensions
{
    /// <summary>Wires the jira layer's services.</summary>
    public static IServiceCollection AddJiraQualityJira(this IServiceCollection services)
    {
        return services;
    }
}
