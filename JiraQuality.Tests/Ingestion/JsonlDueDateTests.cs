using System.Text.Json;
using JiraQuality.Core.Conversations;
using JiraQuality.Core.Ingestion.Prepared;

namespace JiraQuality.Tests.Ingestion;

public sealed class JsonlDueDateTests
{
    [Theory]
    [InlineData("10/Apr/26", "2026-04-10T00:00:00")]
    [InlineData("2026-04-10", "2026-04-10T00:00:00")]
    [InlineData("13/08/2025 21:13", "2025-08-13T21:13:00")]
    [InlineData("next sprint", "next sprint")]
    public async Task Due_date_is_written_like_created(string dueDate, string expected)
    {
        var conversation = new Conversation { IssueKey = "CL-1", CreatedUtc = new DateTime(2026, 4, 3, 9, 0, 0, DateTimeKind.Utc), DueDate = dueDate };
        using var writer = new StringWriter();

        await ConversationJsonlWriter.WriteAsync([conversation], writer, redacted: false, TestContext.Current.CancellationToken);

        using var record = JsonDocument.Parse(writer.ToString());
        Assert.Equal(expected, record.RootElement.GetProperty("due_date").GetString());
        Assert.Equal("2026-04-03T09:00:00", record.RootElement.GetProperty("created").GetString());
    }
}
