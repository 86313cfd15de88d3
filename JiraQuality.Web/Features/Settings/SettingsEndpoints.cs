using System.Text;
using JiraQuality.Core.Agents.Directory;
using JiraQuality.Core.Identity;

namespace JiraQuality.Web.Features.Settings;

public static class SettingsEndpoints
{
    /// <summary><c>GET /api/settings/agent-directory.csv</c>: the agent directory as stored, in the file layout the Settings page reads back.</summary>
    public static IEndpointRouteBuilder MapSettingsEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/settings").WithTags("Settings").RequireAuthorization(Policies.Admin);
        group.MapGet("/agent-directory.csv", async (HttpContext context, AgentDirectoryService directory) =>
        {
            var entries = await directory.ListAsync(context.RequestAborted);
            // A directory is a few hundred rows: written in memory because the server refuses synchronous writes to the body.
            using var text = new StringWriter();
            AgentDirectoryService.WriteCsv(text, entries);
            return Results.File(new UTF8Encoding(false).GetBytes(text.ToString()), "text/csv; charset=utf-8", "agent_directory.csv");
        });
        return endpoints;
    }
}
