using System.Globalization;
using JiraQuality.Core.Conversations;
using JiraQuality.Core.Ingestion.Roles;

namespace JiraQuality.Core.Ingestion.Import;

/// <summary>
/// What one file's conversations contain: tickets, comments and authors by role, comments inferred internal, tickets
/// without comments. Written by the import's reading side only; read once the file is done.
/// </summary>
public sealed class ImportContentCounts
{
    /// <summary>Above this share of comments without a role the report warns and names the authors.</summary>
    public const double UnknownShareWarning = 0.05;

    private readonly Dictionary<ReportedRole, int> _comments = Enum.GetValues<ReportedRole>().ToDictionary(r => r, _ => 0);
    private readonly Dictionary<ReportedRole, HashSet<string>> _authors = Enum.GetValues<ReportedRole>().ToDictionary(r => r, _ => new HashSet<string>(StringComparer.OrdinalIgnoreCase));
    private readonly Dictionary<string, int> _unknownAuthors = new(StringComparer.OrdinalIgnoreCase);

    public int Tickets { get; private set; }
    public int Conversations { get; private set; }
    public int Comments { get; private set; }
    public int InferredInternal { get; private set; }
    public int TicketsWithoutComments { get; private set; }

    /// <summary>
    /// The earliest and latest instant the file's conversations count at on the dashboard (a conversation's last public
    /// message, as scoring measures its end); null when no ticket has a dated public message.
    /// </summary>
    public DateTime? EarliestUtc { get; private set; }

    public DateTime? LatestUtc { get; private set; }

    public int CommentsBy(ReportedRole role) => _comments[role];

    public int AuthorsBy(ReportedRole role) => _authors[role].Count;

    /// <summary>Authors without a role, most comments first (ties by name).</summary>
    public IReadOnlyList<(string Author, int Comments)> TopUnknownAuthors(int count) =>
        [.. _unknownAuthors.OrderByDescending(p => p.Value).ThenBy(p => p.Key, StringComparer.Ordinal).Take(count).Select(p => (p.Key, p.Value))];

    public double UnknownShare => Comments == 0 ? 0 : (double)_comments[ReportedRole.Unknown] / Comments;

    /// <summary>Counts one normalised ticket; the Description's opening message is the request, not a comment.</summary>
    public void Add(JiraTicket ticket, Conversation conversation)
    {
        Tickets++;
        Conversations++;
        DateTime? reference = null;
        foreach (var message in conversation.Messages)
        {
            if (!message.IsInternal && message.TimestampUtc is { } at && (reference is null || at > reference))
            {
                reference = at;
            }
        }

        if (reference is { } seen)
        {
            EarliestUtc = EarliestUtc is { } earliest && earliest <= seen ? earliest : seen;
            LatestUtc = LatestUtc is { } latest && latest >= seen ? latest : seen;
        }
        var comments = conversation.Messages.Skip(string.IsNullOrWhiteSpace(ticket.Description) ? 0 : 1).ToList();
        if (comments.Count == 0)
        {
            TicketsWithoutComments++;
        }

        var inferred = ticket.Comments.All(c => c.IsPublic is null);
        foreach (var message in comments)
        {
            Comments++;
            var role = Classify(message);
            _comments[role]++;
            var author = message.AuthorId ?? message.AuthorSource?.Name ?? message.AuthorName;
            if (!string.IsNullOrWhiteSpace(author))
            {
                _authors[role].Add(author);
                if (role == ReportedRole.Unknown)
                {
                    _unknownAuthors[author] = _unknownAuthors.GetValueOrDefault(author) + 1;
                }
            }

            if (message.IsInternal && inferred)
            {
                InferredInternal++;
            }
        }
    }

    public static ReportedRole Classify(ConversationMessage message) => message.Role switch
    {
        MessageRole.Agent => ReportedRole.Agent,
        MessageRole.Customer => ReportedRole.Customer,
        _ when RoleResolver.IsAutomation(message.AuthorSource?.AccountType, message.AuthorId, message.AuthorSource?.Name ?? message.AuthorName) => ReportedRole.Automation,
        _ => ReportedRole.Unknown,
    };

    /// <summary>The warning when too many comments have no role, naming the authors to put in the agent directory.</summary>
    public ImportIssue? UnknownRoleWarning(int topAuthors = 10)
    {
        if (Comments == 0 || UnknownShare <= UnknownShareWarning)
        {
            return null;
        }

        var top = string.Join(", ", TopUnknownAuthors(topAuthors).Select(a => string.Create(CultureInfo.InvariantCulture, $"{a.Author} ({a.Comments})")));
        return new ImportIssue(0, null, null, string.Create(CultureInfo.InvariantCulture,
            $"{UnknownShare:P1} of the comments ({CommentsBy(ReportedRole.Unknown)} of {Comments}) have no role: nothing in the export says whether their authors are agents or customers. Top authors without a role: {top}. Mark each as an agent or a customer on the Import page, or list agents in the agent directory (Settings > Agents); the stored conversations are then updated."));
    }

    public string ToText() => string.Create(CultureInfo.InvariantCulture,
        $"tickets {Tickets}, conversations {Conversations}, without comments {TicketsWithoutComments}; comments {Comments}: agent {CommentsBy(ReportedRole.Agent)}, customer {CommentsBy(ReportedRole.Customer)}, automation {CommentsBy(ReportedRole.Automation)}, unknown {CommentsBy(ReportedRole.Unknown)}; authors: agent {AuthorsBy(ReportedRole.Agent)}, customer {AuthorsBy(ReportedRole.Customer)}, automation {AuthorsBy(ReportedRole.Automation)}, unknown {AuthorsBy(ReportedRole.Unknown)}; inferred internal {InferredInternal}");
}
