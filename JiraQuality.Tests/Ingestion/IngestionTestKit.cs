using System.Text;
using JiraQuality.Core.Agents.Directory;
using JiraQuality.Core.Conversations;
using JiraQuality.Core.Ingestion;
using JiraQuality.Core.Ingestion.Import;
using JiraQuality.Core.Ingestion.Prepared;
using JiraQuality.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace JiraQuality.Tests.Ingestion;

/// <summary>The ingestion services wired by hand over a real test database, with a fake clock.</summary>
internal sealed class IngestionTestKit
{
    public static readonly DateTimeOffset Now = new(2025, 12, 1, 12, 0, 0, TimeSpan.Zero);

    public IngestionTestKit(TestDatabase database, IngestionOptions? options = null, string? dataDirectory = null)
    {
        Options = options ?? new IngestionOptions();
        Clock = new FakeTimeProvider(Now);
        DataDirectory = dataDirectory ?? Path.Combine(Path.GetTempPath(), "jq-ingest-" + Guid.NewGuid().ToString("N")[..8]);
        System.IO.Directory.CreateDirectory(DataDirectory);
        Paths = new IngestionPaths(DataDirectory, Options, new SampleOptions());
        Agents = new AgentDirectoryService(database.Factory, Paths);
        Store = new PreparedConversationStore(database.Factory, Clock);
        Ingestor = new TicketIngestor(Agents, Store, Options);
        Import = new CsvImportService(Ingestor, Store, Options, Clock, NullLogger<CsvImportService>.Instance);
        Export = new ConversationExportService(database.Factory);
    }

    public IngestionOptions Options { get; }
    public FakeTimeProvider Clock { get; }
    public string DataDirectory { get; }
    public IngestionPaths Paths { get; }
    public AgentDirectoryService Agents { get; }
    public PreparedConversationStore Store { get; }
    public TicketIngestor Ingestor { get; }
    public CsvImportService Import { get; }
    public ConversationExportService Export { get; }

    public string WriteFile(string name, string content, bool bom = false)
    {
        var path = Path.Combine(DataDirectory, name);
        File.WriteAllText(path, content, new UTF8Encoding(bom));
        return path;
    }

    public Task<ImportReport> ImportAsync(params string[] paths) =>
        Import.ImportAsync(paths.Select(ImportFile.FromPath).ToList(), new CsvImportRequest(), Core.Jobs.NullJobProgress.Instance, TestContext.Current.CancellationToken);
}

/// <summary>Builds small Jira CSV exports for tests.</summary>
internal static class CsvText
{
    public const string Agent = "712020:11111111-1111-1111-1111-111111111111";
    public const string Agent2 = "712020:22222222-2222-2222-2222-222222222222";
    public const string Customer = "qm:00000000-0000-0000-0000-000000000001:00000000-0000-0000-0000-0000000000aa";

    public static string Header(int comments = 3, string commentHeader = "Comment") =>
        "Issue key,Summary,Reporter,Status,Resolution,Created,Updated,Custom field (Hub),Custom field (Contact Reason),Custom field (Contact Reason),Satisfaction rating,"
        + string.Join(',', Enumerable.Repeat(commentHeader, comments));

    /// <summary>A row for <see cref="Header"/> with three comment columns (more when more comments are given).</summary>
    public static string Row(string key, string updated = "03/11/2025 09:30", params string[] comments) =>
        $"{key},Dock won't release bike,Rider One,Done,Done,03/11/2025 09:00,{updated},Lisboa,,Rental finish issue,4,"
        + string.Join(',', comments.Select(Quote).Concat(Enumerable.Repeat("", Math.Max(0, 3 - comments.Length))));

    public static string Quote(string cell) => "\"" + cell.Replace("\"", "\"\"") + "\"";

    public static string Comment(string date, string author, string body) => $"{date};{author};{body}";

    public static string File(params string[] lines) => string.Join("\r\n", lines) + "\r\n";
}

internal static class ConversationBuilder
{
    public static JiraTicket Ticket(string key, DateTime updated, params (string Author, DateTime? At, string Body)[] comments) => new()
    {
        IssueKey = key,
        Summary = "Bike stuck",
        Reporter = "Rider One",
        Status = "Done",
        Resolution = "Done",
        CreatedUtc = updated.AddHours(-1),
        UpdatedUtc = updated,
        CustomFields = new Dictionary<string, string> { [CustomFieldKeys.Hub] = "Lisboa", [CustomFieldKeys.ContactReason] = "Rental finish issue" },
        Comments = comments.Select((c, i) => new RawComment { AuthorId = c.Author, TimestampUtc = c.At, Body = c.Body, SourceOrder = i }).ToList(),
        Source = "test",
    };
}
