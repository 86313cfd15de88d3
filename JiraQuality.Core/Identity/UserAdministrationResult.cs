namespace JiraQuality.Core.Identity;

/// <summary>The outcome of a change; <see cref="GeneratedPassword"/> is set once, when the service chose the password.</summary>
public sealed record UserAdministrationResult(IReadOnlyList<UserAdministrationError> Errors, string? GeneratedPassword = null)
{
    public bool Succeeded => Errors.Count == 0;

    public static UserAdministrationResult Success(string? generatedPassword = null) => new([], generatedPassword);

    public static UserAdministrationResult Failure(string field, string message) => new([new UserAdministrationError(field, message)]);
}
