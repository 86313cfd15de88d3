using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using JiraQuality.Core.Ingestion.Roles;

namespace JiraQuality.Core.Ingestion.Redaction;

/// <summary>
/// Server/Data Center usernames are often a person's name (<c>jsmith</c>, <c>laura.kelly</c>); redacted output shows a
/// stable pseudonym instead (<c>user-3f1c2d4e</c>: the same username gives the same pseudonym in every ticket and
/// run, so threads stay readable). Opaque Cloud account ids identify nobody by themselves and stay.
/// </summary>
public static partial class UsernamePseudonyms
{
    /// <summary>A Server/Data Center username: one token, not an opaque Cloud id, not an e-mail address.</summary>
    public static bool IsServerUsername(string? id) =>
        !string.IsNullOrWhiteSpace(id) && UsernameShape().IsMatch(id.Trim()) && !RoleResolver.IsCloudAccountId(id);

    public static string Of(string username)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes("jiraquality-user:" + username.Trim().ToLowerInvariant()));
        return "user-" + Convert.ToHexStringLower(hash.AsSpan(0, 4));
    }

    /// <summary>The id as redacted output shows it: a pseudonym for a Server username, anything else unchanged.</summary>
    public static string? Redact(string? id) => IsServerUsername(id) ? Of(id!) : id;

    /// <summary>Replaces each of the given usernames where it stands as a whole word in <paramref name="text"/>.</summary>
    public static string Replace(string text, IEnumerable<string?> usernames)
    {
        foreach (var username in usernames.Where(IsServerUsername).Select(u => u!.Trim()).Distinct(StringComparer.OrdinalIgnoreCase))
        {
            if (text.Contains(username, StringComparison.OrdinalIgnoreCase))
            {
                text = Regex.Replace(text, @"(?<![\p{L}\p{N}_.@-])" + Regex.Escape(username) + @"(?![\p{L}\p{N}_@-]|\.[\p{L}\p{N}])", Of(username), RegexOptions.IgnoreCase, TimeSpan.FromSeconds(1));
            }
        }

        return text;
    }

    [GeneratedRegex(@"^[\p{L}\p{N}._\-]{2,64}$")]
    private static partial Regex UsernameShape();
}
