namespace JiraQuality.Web.Features.Identity.Account;

/// <summary>Where account pages may send a browser after they are done.</summary>
public static class AccountLinks
{
    /// <summary>
    /// The return address when it is a path on this site, otherwise the dashboard: a sign-in link must not be able to
    /// forward someone to another site (<c>//evil.example</c>, <c>/\evil.example</c>, absolute URLs).
    /// </summary>
    public static string LocalOrHome(string? returnUrl)
    {
        if (string.IsNullOrEmpty(returnUrl) || returnUrl[0] != '/')
        {
            return "/";
        }

        if (returnUrl.Length > 1 && (returnUrl[1] == '/' || returnUrl[1] == '\\'))
        {
            return "/";
        }

        return returnUrl.Any(char.IsControl) ? "/" : returnUrl;
    }

    /// <summary>The caller's address as recorded in the audit log (at most 64 characters).</summary>
    public static string? RemoteAddress(HttpContext? context)
    {
        var address = context?.Connection.RemoteIpAddress?.ToString();
        return address is { Length: > 64 } ? address[..64] : address;
    }

    /// <summary>Text a visitor typed, cut to fit an audit column.</summary>
    public static string Clip(string? value, int length = 256) =>
        value is null ? "" : value.Length > length ? value[..length] : value;
}
