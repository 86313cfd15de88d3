namespace JiraQuality.Web.Hosting;

public static class ScoringServiceExtensions
{
    /// <summary>Wires the scoring layer's services.</summary>
    public static IServiceCollection AddJiraQualityScoring(this IServiceCollection services)
    {
        return services;
    }
}
