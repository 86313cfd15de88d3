using JiraQuality.Core.Identity;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;

namespace JiraQuality.Web.Features.Identity.Account;

public static class AccountEndpoints
{
    /// <summary>
    /// <c>POST /account/sign-out</c>: the app bar's sign-out form (antiforgery-checked, since it binds a form). Ends the
    /// cookie session and shows the sign-in page.
    /// </summary>
    public static IEndpointRouteBuilder MapAccountEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost(IdentityWebModule.SignOutPath, SignOutAsync).AllowAnonymous().WithTags("Account");
        return endpoints;
    }

    private static async Task<IResult> SignOutAsync(
        HttpContext context,
        [FromForm(Name = "ReturnUrl")] string? returnUrl,
        SignInManager<ApplicationUser> signInManager,
        AuditLog audit)
    {
        if (context.User.Identity?.IsAuthenticated == true)
        {
            var who = context.User.Identity.Name ?? "unknown";
            await signInManager.SignOutAsync();
            await audit.RecordAsync(AccountLinks.Clip(who), AuditActions.SignOut, remoteAddress: AccountLinks.RemoteAddress(context));
        }

        var next = AccountLinks.LocalOrHome(returnUrl);
        return Results.LocalRedirect(next == "/" ? IdentityWebModule.SignInPath : $"{IdentityWebModule.SignInPath}?ReturnUrl={Uri.EscapeDataString(next)}");
    }
}
