namespace JiraQuality.Core.Identity;

/// <summary>The outcome of creating or revoking a token: an error naming the field, or the value.</summary>
public sealed record ApiTokenResult<T>(T? Value, UserAdministrationError? Error)
    where T : class
{
    public bool Succeeded => Error is null;

    public static ApiTokenResult<T> Failure(string field, string message) => new(null, new UserAdministrationError(field, message));
}
