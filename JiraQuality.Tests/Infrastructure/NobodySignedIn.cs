using System.Security.Claims;
using Microsoft.AspNetCore.Components.Authorization;

namespace JiraQuality.Tests.Infrastructure;

/// <summary>The authentication state of a component test where nobody is signed in.</summary>
public sealed class NobodySignedIn : AuthenticationStateProvider
{
    public override Task<AuthenticationState> GetAuthenticationStateAsync() =>
        Task.FromResult(new AuthenticationState(new ClaimsPrincipal(new ClaimsIdentity())));
}
