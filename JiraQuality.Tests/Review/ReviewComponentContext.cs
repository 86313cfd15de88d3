using System.Security.Claims;
using JiraQuality.Core.Identity;
using JiraQuality.Tests.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.Extensions.DependencyInjection;

namespace JiraQuality.Tests.Review;

/// <summary>
/// bUnit with MudBlazor, the app's authorization policies and a signed-in user whose role a test can change: what the
/// review panel, the Review pages and the scorecard settings need to render.
/// </summary>
public abstract class ReviewComponentContext : MudTestContext
{
    private readonly SignedInUser _user;

    /// <param name="role">The role signed in at the start.</param>
    /// <param name="configureServices">More services, registered before the renderer freezes the collection.</param>
    protected ReviewComponentContext(string role, Action<IServiceCollection>? configureServices = null)
        : this(new SignedInUser(), configureServices) => SignInAs(role);

    private ReviewComponentContext(SignedInUser user, Action<IServiceCollection>? configureServices)
        : base(services =>
        {
            services.AddAuthorizationCore(options =>
            {
                foreach (var policy in Policies.All)
                {
                    options.AddPolicy(policy, builder => builder.RequireRole(Policies.RolesFor(policy)));
                }
            });
            services.AddSingleton<IAuthorizationService, DefaultAuthorizationService>();
            services.AddSingleton<IAuthorizationPolicyProvider, DefaultAuthorizationPolicyProvider>();
            services.AddSingleton<AuthenticationStateProvider>(user);
            configureServices?.Invoke(services);
        }) => _user = user;

    /// <summary>Signs in <paramref name="email"/> (user id <paramref name="id"/>, by default "id-" and the address) with <paramref name="role"/>.</summary>
    protected void SignInAs(string role, string email = "ana@support.example", string? id = null) =>
        _user.Principal = new ClaimsPrincipal(new ClaimsIdentity(
            [new Claim(ClaimTypes.NameIdentifier, id ?? "id-" + email), new Claim(ClaimTypes.Email, email), new Claim(ClaimTypes.Name, email), new Claim(ClaimTypes.Role, role)],
            "test"));

    private sealed class SignedInUser : AuthenticationStateProvider
    {
        public ClaimsPrincipal Principal { get; set; } = new();

        public override Task<AuthenticationState> GetAuthenticationStateAsync() => Task.FromResult(new AuthenticationState(Principal));
    }
}
