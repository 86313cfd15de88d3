using System.Security.Claims;
using JiraQuality.Core.Conversations;
using JiraQuality.Core.Identity;
using JiraQuality.Core.Ingestion.Prepared;
using JiraQuality.Core.Scoring.Processing;
using JiraQuality.Core.Storage;
using Microsoft.EntityFrameworkCore;
using static JiraQuality.Tests.Reporting.ConversationRows;

namespace JiraQuality.Tests.Identity;

/// <summary>A ticket full of personal data (card, e-mail, phone) in its thread, its summary and its scorer's text.</summary>
public static class PersonalDataFixtures
{
    public const string Card = "4111 1111 1111 1111";
    public const string Email = "rui.costa@example.org";
    public const string Phone = "+351 912 345 678";

    /// <summary>
    /// Fragments of the personal data that must never reach a viewer, in any spelling a page or JSON may use; long enough
    /// not to turn up by chance in the random ids a page carries ("4111" alone once did, inside a GUID).
    /// </summary>
    public static readonly string[] Leaks = ["4111 1111", "4111-1111", "41111111", "rui.costa", "example.org", "912 345", "912345678"];

    public static ProcessedConversation ProcessedRow(string issueKey, string? hub = "Hub A") => Row(issueKey, Now.AddHours(-1), r =>
    {
        r.Hub = hub;
        r.Reporter = Email;
        r.CustomerAbuseDetected = true;
        r.CustomerAbuseCount = 2;
        r.CustomerAuthors = Email;
        r.Summary = $"Customer gave card {Card} and asked to be called on {Phone}.";
        r.ImprovementTip = $"Do not repeat {Email} in replies.";
        r.ScoreReasonsJson = """{"reasons":{"agent_score":{"reason":"Agent quoted 'my card """ + Card + """'","evidence":[1]}}}""";
    });

    public static PreparedConversation PreparedRow(string issueKey, string? hub = "Hub A") => new()
    {
        IssueKey = issueKey,
        Hub = hub,
        Summary = $"Refund to {Email}",
        Reporter = Email,
        ThreadJson = ConversationJson.SerializeMessages(
        [
            new()
            {
                Index = 1,
                Role = MessageRole.Customer,
                AuthorName = Email,
                Text = $"Hello, my card {Card} was charged twice. Mail me at {Email} or call {Phone}.",
                RedactedText = "Hello, my card [card] was charged twice. Mail me at [email] or call [phone].",
                TimestampUtc = Now.AddMinutes(-90),
            },
            // Stored without a redacted text: it is redacted on the way out rather than shown in clear.
            new() { Index = 2, Role = MessageRole.Agent, AuthorName = "Agent Alpha", Text = $"We refunded the card ending {Card[^4..]}; copy sent to {Email}.", TimestampUtc = Now.AddMinutes(-80) },
        ]),
        PreparedAtUtc = Now,
    };

    public static async Task SeedAsync(IDbContextFactory<JiraQualityDbContext> contexts, string issueKey, string? hub = "Hub A")
    {
        await using var db = await contexts.CreateDbContextAsync(TestContext.Current.CancellationToken);
        db.ProcessedConversations.Add(ProcessedRow(issueKey, hub));
        db.PreparedConversations.Add(PreparedRow(issueKey, hub));
        await db.SaveChangesAsync(TestContext.Current.CancellationToken);
    }

    public static ClaimsPrincipal User(string email, string role) => new(new ClaimsIdentity(
        [new Claim(ClaimTypes.Name, email), new Claim(ClaimTypes.Email, email), new Claim(ClaimTypes.Role, role)],
        authenticationType: "Test"));

    public static ClaimsPrincipal Anonymous => new(new ClaimsIdentity());

    public static void AssertNoPersonalData(string text)
    {
        foreach (var leak in Leaks)
        {
            Assert.DoesNotContain(leak, text, StringComparison.OrdinalIgnoreCase);
        }
    }

    public static async Task<List<AuditEntry>> AuditEntriesAsync(IDbContextFactory<JiraQualityDbContext> contexts)
    {
        await using var db = await contexts.CreateDbContextAsync(TestContext.Current.CancellationToken);
        return await db.AuditEntries.AsNoTracking().OrderBy(e => e.Id).ToListAsync(TestContext.Current.CancellationToken);
    }
}
