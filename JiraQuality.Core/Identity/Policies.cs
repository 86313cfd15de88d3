namespace JiraQuality.Core.Identity;

/// <summary>
/// Authorization policy names. Every page, endpoint group and hub names one of these; the web host registers them.
/// </summary>
public static class Policies
{
    /// <summary>Any signed-in user with a role: dashboard, lists, drill-down (redacted text), metrics and conversations API.</summary>
    public const string Viewer = "viewer";

    /// <summary>Analyst or admin: imports, processing, syncs, exports, cancelling their own jobs.</summary>
    public const string Analyst = "analyst";

    /// <summary>Admin only: settings, users, tokens, audit log, cancelling any job.</summary>
    public const string Admin = "admin";

    /// <summary>May ask for the original (unredacted) text of a ticket; every reveal is audit-logged.</summary>
    public const string RevealPersonalData = "reveal-personal-data";

    /// <summary>Analyst or admin: reviews conversations against the scorecard, disputes scores, sees agreement figures.</summary>
    public const string Reviewer = "reviewer";

    /// <summary>The roles each policy admits.</summary>
    public static IReadOnlyList<string> RolesFor(string policy) => policy switch
    {
        Viewer => [Roles.Viewer, Roles.Analyst, Roles.Admin],
        Analyst or RevealPersonalData or Reviewer => [Roles.Analyst, Roles.Admin],
        Admin => [Roles.Admin],
        _ => throw new ArgumentOutOfRangeException(nameof(policy), policy, "Unknown policy."),
    };

    public static IReadOnlyList<string> All { get; } = [Viewer, Analyst, Admin, RevealPersonalData, Reviewer];
}
