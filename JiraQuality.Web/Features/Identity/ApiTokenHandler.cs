using System.Security.Claims;
using System.Text.Encodings.Web;
using JiraQuality.Core.Identity;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace JiraQuality.Web.Features.Identity;

/// <summary>Authenticates a request by its personal API token; the principal is built like the cookie's, so roles match.</summary>
public sealed class ApiTokenHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    ApiTokenService tokens,
    UserManager<ApplicationUser> users,
    IUserClaimsPrincipalFactory<ApplicationUser> principals)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var token = ApiTokenAuthentication.ReadToken(Request);
        if (token is null)
        {
            return AuthenticateResult.NoResult();
        }

        // Never log the token or its hash: the reason is enough to diagnose.
        var validation = await tokens.ValidateAsync(token, Context.RequestAborted);
        if (!validation.Succeeded)
        {
            return AuthenticateResult.Fail($"The API token was refused: {validation.Failure}.");
        }

        var user = await users.FindByIdAsync(validation.UserId!);
        if (user is null)
        {
            return AuthenticateResult.Fail("The API token was refused: user not found.");
        }

        // The claims factory labels its identity with the cookie's scheme; re-wrap it so a token call can be told apart.
        var cookieLike = await principals.CreateAsync(user);
        var identity = new ClaimsIdentity(cookieLike.Claims, ApiTokenAuthentication.Scheme, ClaimTypes.Name, ClaimTypes.Role);
        identity.AddClaim(new Claim(ApiTokenAuthentication.TokenIdClaim, validation.TokenId!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), ApiTokenAuthentication.Scheme));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.Append(
            HeaderNames.WWWAuthenticate,
            ApiTokenAuthentication.ReadToken(Request) is null ? "Bearer" : "Bearer error=\"invalid_token\"");
        return Task.CompletedTask;
    }
}
