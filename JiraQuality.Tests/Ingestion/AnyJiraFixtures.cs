using JiraQuality.Core.Agents.Directory;
using JiraQuality.Core.Conversations;
using JiraQuality.Core.Ingestion;
using JiraQuality.Core.Ingestion.Csv;
using JiraQuality.Core.Ingestion.Import;
using JiraQuality.Core.Ingestion.Normalising;
using JiraQuality.Core.Ingestion.Roles;

namespace JiraQuality.Tests.Ingestion;

/// <summary>
/// Exports shaped like other teams' Jira sites (committed under Fixtures/): a Cloud "all fields" export whose staff and
/// customers use all three account-id shapes, and a Server/Data Center export whose people are usernames.
/// </summary>
internal static class AnyJiraFixtures
{
    public const string Ana = "557058:3f1c2d4e-0a1b-4c5d-8e9f-101112131415";
    public const string Ben = "61f0a1b2c3d4e5f6a7b8c9d0";
    public const string Cat = "712020:9a8b7c6d-5e4f-4a3b-9c2d-1e0f0a0b0c0d";
    public const string Xia = "712020:0e0d0c0b-0a09-4807-8605-040302010000";
    public const string Yuri = "5b10ac8d82e05b22cc7d4ef5";
    public const string Zoe = "qm:6a2b1c3d-7e8f-4a9b-8c7d-6e5f4a3b2c1d:aa11bb22-cc33-4d44-8e55-ff6600778899";
    public const string Pam = "557058:77aa88bb-99cc-4ddd-8eee-ff0011223344";

    public const string Cloud = "cloud_all_fields.csv";
    public const string Server = "server_usernames.csv";

    public static string PathOf(string name) => Path.Combine(AppContext.BaseDirectory, "Ingestion", "Fixtures", name);

    public static List<JiraTicket> Read(string name, IngestionOptions? options = null, ImportFileReport? report = null)
    {
        options ??= new IngestionOptions();
        using var stream = File.OpenRead(PathOf(name));
        return new JiraCsvReader(options, JiraDateParser.FromOptions(options)).Read(stream, report ?? new ImportFileReport(name, 500)).ToList();
    }

    public static Dictionary<string, Conversation> Normalize(string name, IngestionOptions? options = null)
    {
        options ??= new IngestionOptions();
        var normalizer = new ConversationNormalizer(
            new RoleResolver(options, AgentDirectorySnapshot.Empty), new ConversationTrimmer(options.TokenBudget), options.InferInternalNotes);
        return Read(name, options).Select(normalizer.Normalize).ToDictionary(c => c.IssueKey);
    }

    /// <summary>Each comment (the opening request left out) as author, role and internal flag, in thread order.</summary>
    public static List<(string? Author, MessageRole Role, bool Internal)> Comments(Conversation conversation) =>
        conversation.Messages.Where(m => !IsOpening(conversation, m)).Select(m => (m.AuthorId, m.Role, m.IsInternal)).ToList();

    private static bool IsOpening(Conversation conversation, ConversationMessage message) =>
        message.Index == 1 && message.TimestampUtc == conversation.CreatedUtc && message.TimestampUtc is not null
        && (message.AuthorId == conversation.ReporterAccountId || message.AuthorId == conversation.Reporter);
}
