using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;

namespace JiraQuality.Web.Features.Identity;

/// <summary>
/// Personal API tokens beside the sign-in cookie. The default scheme is a policy scheme that uses the token handler
/// when the request carries a bearer token and the Identity cookie otherwise, so <c>Authorization: Bearer</c> works on
/// every endpoint and page with the user's own roles, and a bad token is answered 401 with <c>WWW-Authenticate:
/// Bearer</c> instead of a redirect to the sign-in page.
/// </summary>
public static class ApiTokenAuthentication
{
    public const string Scheme = "ApiToken";
    public const string CookieOrBearerScheme = "CookieOrBearer";

    /// <summary>The claim carrying the id of the token a request was authenticated with.</summary>
    public const string TokenIdClaim = "jq:api_token_id";

    /// <summary>The path under which <c>?access_token=</c> is accepted: WebSockets cannot send headers.</summary>
    public static readonly PathString HubsPath = new("/hubs");

    /// <summary>Adds the token scheme and makes the cookie-or-bearer policy scheme the default for authenticate, challenge and forbid.</summary>
    public static AuthenticationBuilder AddApiTokens(this AuthenticationBuilder authentication)
    {
        authentication.Services.Configure<AuthenticationOptions>(options =>
        {
            options.DefaultScheme = CookieOrBearerScheme;
            options.DefaultAuthenticateScheme = CookieOrBearerScheme;
            options.DefaultChallengeScheme = CookieOrBearerScheme;
            options.DefaultForbidScheme = CookieOrBearerScheme;
        });
        authentication.AddPolicyScheme(CookieOrBearerScheme, null, options =>
            options.ForwardDefaultSelector = context => ReadToken(context.Request) is null ? IdentityConstants.ApplicationScheme : Scheme);
        authentication.AddScheme<AuthenticationSchemeOptions, ApiTokenHandler>(Scheme, null);
        return authentication;
    }

    /// <summary>
    /// The bearer value of <c>Authorization</c>, or <c>?access_token=</c> only under <see cref="HubsPath"/> (elsewhere it
    /// would end up in access logs of ordinary URLs); null when the request carries neither.
    /// </summary>
    public static string? ReadToken(HttpRequest request)
    {
        var authorization = request.Headers.Authorization.ToString();
        if (authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            var value = authorization["Bearer ".Length..].Trim();
            return value.Length > 0 ? value : null;
        }

        if (request.Path.StartsWithSegments(HubsPath) && request.Query["access_token"].ToString() is { Length: > 0 } queryToken)
        {
            return queryToken;
        }

        return null;
    }
}
