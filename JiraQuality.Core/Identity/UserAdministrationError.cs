namespace JiraQuality.Core.Identity;

/// <summary>What went wrong, naming the field (<c>email</c>, <c>role</c>, <c>password</c>) so a script or a form can point at it.</summary>
public sealed record UserAdministrationError(string Field, string Message)
{
    public override string ToString() => $"{Field}: {Message}";
}
