namespace JiraQuality.Core.Identity;

/// <summary>The three roles; the names are what the CLI, the settings' claim mapping and the database use.</summary>
public static class Roles
{
    public const string Admin = "admin";
    public const string Analyst = "analyst";
    public const string Viewer = "viewer";

    public static IReadOnlyList<string> All { get; } = [Admin, Analyst, Viewer];

    /// <summary>Null when <paramref name="name"/> is not a role; matching ignores case.</summary>
    public static string? Parse(string? name) =>
        All.FirstOrDefault(role => string.Equals(role, name?.Trim(), StringComparison.OrdinalIgnoreCase));
}
