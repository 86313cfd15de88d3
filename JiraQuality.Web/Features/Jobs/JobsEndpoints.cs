using JiraQuality.Core.Identity;
using System.Security.Claims;
using JiraQuality.Core.Jobs;
using JiraQuality.Web.Features.Identity;
using JiraQuality.Web.Hosting;

namespace JiraQuality.Web.Features.Jobs;

public static class JobsEndpoints
{
    private static readonly HashSet<string> KnownStates =
        [JobStates.Queued, JobStates.Running, JobStates.Succeeded, JobStates.Failed, JobStates.Cancelled, JobStates.Interrupted];

    /// <summary><c>/api/jobs</c>: list, details and cancel; and the <c>/hubs/jobs</c> SignalR hub.</summary>
    public static IEndpointRouteBuilder MapJobsEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/jobs").WithTags("Jobs").RequireAuthorization(Policies.Viewer);

        group.MapGet("/", async (HttpRequest http, string? state, string? kind, JobStore store, CancellationToken cancellationToken) =>
        {
            if (state is not null && !KnownStates.Contains(state))
            {
                return Results.Problem(
                    $"Unknown state '{state}' in query parameter 'state'; expected one of {string.Join(", ", KnownStates)}.",
                    statusCode: StatusCodes.Status400BadRequest);
            }

            if (!QueryNumbers.TryRead(http.Query, "take", 1, 1000, 100, out var take, out var error))
            {
                return Results.Problem(error, statusCode: StatusCodes.Status400BadRequest);
            }

            var jobs = await store.ListAsync(new JobListFilter(state, kind, take), cancellationToken);
            return Results.Ok(jobs.Select(job => JobMessage.From(job)));
        });

        group.MapGet("/{id:guid}", async (Guid id, IJobQueue queue, JobStore store, CancellationToken cancellationToken) =>
        {
            var details = await store.GetDetailsAsync(id, cancellationToken);
            if (details is null)
            {
                return Results.Problem($"No job with id {id}.", statusCode: StatusCodes.Status404NotFound);
            }

            var live = await queue.GetAsync(id, cancellationToken) ?? details.Job;
            return Results.Ok(new
            {
                job = JobMessage.From(live),
                parameters = details.Parameters,
                logTail = details.LogTail,
                failed = details.Failed,
                costUsd = details.CostUsd,
            });
        });

        group.MapPost("/{id:guid}/cancel", async (Guid id, ClaimsPrincipal user, IJobQueue queue, CancellationToken cancellationToken) =>
        {
            var job = await queue.GetAsync(id, cancellationToken);
            if (job is null)
            {
                return Results.Problem($"No job with id {id}.", statusCode: StatusCodes.Status404NotFound);
            }

            if (!JobPermissions.MayCancel(user, job))
            {
                return Results.Problem(
                    $"Job {id} was started by {job.RequestedBy}; analysts may cancel only their own jobs, an admin any job.",
                    statusCode: StatusCodes.Status403Forbidden,
                    title: "Not your job");
            }

            return await queue.CancelAsync(id, cancellationToken)
                ? Results.Accepted($"/api/jobs/{id}", JobMessage.From((await queue.GetAsync(id, cancellationToken))!))
                : Results.Problem($"Job {id} is {job.State}; only queued or running jobs can be cancelled.", statusCode: StatusCodes.Status409Conflict);
        }).RequireAntiforgeryFromBrowsers().RequireAuthorization(Policies.Analyst);

        endpoints.MapHub<JobsHub>(JobsHub.Path).RequireAuthorization(Policies.Viewer);
        return endpoints;
    }
}
