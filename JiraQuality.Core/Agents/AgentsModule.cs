using JiraQuality.Core.Agents.Directory;
using Microsoft.Extensions.DependencyInjection;

namespace JiraQuality.Core.Agents;

public static class AgentsModule
{
    /// <summary>The agents module: the agent directory (who is an agent, of which tier), the agents list and the per-agent page's query.</summary>
    public static IServiceCollection AddAgents(this IServiceCollection services)
    {
        services.AddSingleton<AgentDirectoryService>();
        services.AddSingleton<AgentsQuery>();
        return services;
    }
}
