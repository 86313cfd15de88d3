using System.Text.RegularExpressions;
using JiraQuality.Core.Conversations;
using JiraQuality.Core.Ingestion.Normalising;
using JiraQuality.Core.Ingestion.Roles;

namespace JiraQuality.Core.Ingestion.Redaction;

/// <summary>
/// Mentions of people, redacted the same way whatever the source wrote them as: a Jira Cloud mention
/// (<c>[~accountid:…]</c> in a CSV export; an ADF mention node, which the renderer hands over as
/// <see cref="SourceMention"/>) or a Jira Server one (<c>[~username]</c>). In redacted text a mention becomes the
/// role placeholder when the account is the ticket's customer (<c>[customer]</c>) or an agent (<c>[agent]</c>), as
/// the role rules decide for a comment by that account, and <c>[mention]</c> otherwise. The cleaned text keeps the
/// mention as the source showed it (<c>@Name</c> for an ADF mention).
/// </summary>
public sealed partial class MentionRedactor(JiraTicket ticket, RoleResolver roles)
{
    public const string MentionPlaceholder = CommentTextCleaner.MentionPlaceholder;

    private Dictionary<string, MessageRole>? _rolesByAuthor;

    /// <summary>
    /// An ADF mention as text for the normaliser: the name Jira shows and the account it points at, so the cleaned
    /// text can show <c>@Name</c> and the redacted text the account's role.
    /// </summary>
    public static string SourceMention(string accountId, string displayName)
    {
        var name = NameUnsafe().Replace(displayName.Trim().TrimStart('@'), " ").Trim();
        return $"[@{name}|~accountid:{NameUnsafe().Replace(accountId.Trim(), "")}]";
    }

    /// <summary>ADF mentions shown as Jira shows them (<c>@Name</c>); mentions written in wiki markup stay as written.</summary>
    public static string Reveal(string text) =>
        string.IsNullOrEmpty(text) || !text.Contains("|~accountid:", StringComparison.Ordinal)
            ? text
            : AdfMention().Replace(text, m => m.Groups["name"].Value.Length > 0 ? "@" + m.Groups["name"].Value : "@" + m.Groups["id"].Value);

    /// <summary>
    /// The redacted counterpart of <paramref name="cleanedText"/> (the source body after
    /// <see cref="CommentTextCleaner.Clean"/>): the same text with every mention in <paramref name="body"/> replaced.
    /// </summary>
    public string RedactedText(string body, string cleanedText) =>
        string.IsNullOrEmpty(body) || !AnyMention().IsMatch(body) ? cleanedText : CommentTextCleaner.Clean(Redact(body));

    /// <summary>The source body with every mention replaced by its placeholder.</summary>
    public string Redact(string body) =>
        AnyMention().Replace(body, m => PlaceholderFor(
            m.Groups["id"].Success ? m.Groups["id"].Value : m.Groups["user"].Value,
            m.Groups["name"].Success ? m.Groups["name"].Value : null));

    private string PlaceholderFor(string account, string? displayName)
    {
        _rolesByAuthor ??= RolesOfTicketPeople();
        var role = _rolesByAuthor.TryGetValue(account, out var known) ? known
            : displayName is { Length: > 0 } && _rolesByAuthor.TryGetValue(displayName, out var byName) ? byName
            : roles.ResolveMentioned(account, displayName, ticket);
        return role switch
        {
            MessageRole.Customer => RolePlaceholders.Customer,
            MessageRole.Agent => RolePlaceholders.Agent,
            _ => MentionPlaceholder,
        };
    }

    /// <summary>
    /// The reporter, and everyone who wrote on the ticket with the role the rules gave them (Jira's account type
    /// included, which a mention alone does not carry), by account id and by name (Server usernames).
    /// </summary>
    private Dictionary<string, MessageRole> RolesOfTicketPeople()
    {
        var result = new Dictionary<string, MessageRole>(StringComparer.OrdinalIgnoreCase);
        foreach (var comment in ticket.Comments)
        {
            var role = roles.Resolve(comment, ticket).Role;
            if (role is MessageRole.Unknown)
            {
                continue;
            }

            foreach (var key in new[] { comment.AuthorId, comment.AuthorName })
            {
                if (!string.IsNullOrWhiteSpace(key))
                {
                    result.TryAdd(key.Trim(), role);
                }
            }
        }

        foreach (var key in new[] { ticket.ReporterAccountId, ticket.Reporter })
        {
            if (!string.IsNullOrWhiteSpace(key))
            {
                result.TryAdd(key.Trim(), MessageRole.Customer);
            }
        }

        return result;
    }

    [GeneratedRegex(@"\s*[\[\]\|\r\n]+\s*")]
    private static partial Regex NameUnsafe();

    [GeneratedRegex(@"\[@(?<name>[^\]\|\n]*)\|~accountid:(?<id>[^\]\s]+)\]")]
    private static partial Regex AdfMention();

    [GeneratedRegex(@"\[@(?<name>[^\]\|\n]*)\|~accountid:(?<id>[^\]\s]+)\]|\[~accountid:(?<id>[^\]\s]+)\]|\[~(?<user>[^\]\s]+)\]", RegexOptions.IgnoreCase)]
    private static partial Regex AnyMention();
}
