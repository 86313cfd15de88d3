using System.Security.Claims;
using JiraQuality.Core.Identity;

namespace JiraQuality.Web.Features.Review;

/// <summary>The signed-in reviewer: the Identity user id reviews are stored under, and the e-mail they are shown with.</summary>
public sealed record ReviewerIdentity(string Id, string Email)
{
    public static ReviewerIdentity? Of(ClaimsPrincipal user) =>
        user.Identity?.IsAuthenticated == true && user.FindFirst(ClaimTypes.NameIdentifier)?.Value is { Length: > 0 } id
            ? new ReviewerIdentity(id, PersonalDataAccess.ActorOf(user))
            : null;
}
