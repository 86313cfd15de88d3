using JiraQuality.Core.Conversations;


namespace JiraQuality.Tests.Ingestion;

/// <summary>One resolved bike-dock ticket whose thread the role tests vary: who wrote each comment, and when.</summary>
internal static class DockTickets
{
    public static readonly DateTime Nine = new(2025, 11, 3, 9, 0, 0, DateTimeKind.Utc);

    public static JiraTicket Ticket(string key, params (string Author, int Minute, string Body)[] comments) => new()
    {
        IssueKey = key,
        Summary = "Dock will not release the bike",
        Reporter = "Rider",
        Status = "Done",
        Resolution = "Done",
        CreatedUtc = Nine,
        UpdatedUtc = Nine.AddHours(1),
        Comments = [.. comments.Select((c, i) => new RawComment { AuthorId = c.Author, AuthorName = c.Author, AuthorAccountType = AccountTypeOf(c.Author), IsPublic = true, TimestampUtc = Nine.AddMinutes(c.Minute), Body = c.Body, SourceOrder = i })],
        Source = "test",
    };

    /// <summary>
    /// Partner integrations ("partner:…") post as app accounts: nothing in the thread says they are staff until the
    /// agent directory lists them, which is what the re-apply tests need.
    /// </summary>
    private static string? AccountTypeOf(string author) => author.StartsWith("partner:", StringComparison.Ordinal) ? "app" : null;

    /// <summary>The same ticket with numbered bodies ("message 0", "message 1", ...).</summary>
    public static JiraTicket Ticket(string key, params (string Author, int Minute)[] comments) =>
        Ticket(key, [.. comments.Select((c, i) => (c.Author, c.Minute, "message " + i))]);
}
