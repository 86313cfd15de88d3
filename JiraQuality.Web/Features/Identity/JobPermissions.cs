using System.Security.Claims;
using JiraQuality.Core.Identity;
using JiraQuality.Core.Jobs;

namespace JiraQuality.Web.Features.Identity;

/// <summary>Who started a job, and who may cancel it: an analyst their own jobs, an admin any job.</summary>
public static class JobPermissions
{
    /// <summary>The signed-in user's name (e-mail), recorded as the job's requester.</summary>
    public static string RequesterOf(ClaimsPrincipal? user) =>
        user?.Identity?.Name is { Length: > 0 } name ? name : JobRequesters.Page;

    public static bool MayCancel(ClaimsPrincipal? user, JobSnapshot job) =>
        user is not null
        && (user.IsInRole(Roles.Admin)
            || (user.IsInRole(Roles.Analyst) && string.Equals(job.RequestedBy, user.Identity?.Name, StringComparison.OrdinalIgnoreCase)));
}
