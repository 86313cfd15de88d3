using JiraQuality.Core.Conversations;


namespace JiraQuality.Core.Ingestion.Prepared;

/// <summary>Turns a stored row back into the conversation that scoring and the drill-down read.</summary>
public static class PreparedConversationMapping
{
    public static Conversation ToConversation(this PreparedConversation row) =>
        row.ToConversation(WithUtcTimestamps(ConversationJson.DeserializeMessages(row.ThreadJson)));

    /// <summary>The conversation of a row whose thread was read as its stored UTF-8 bytes (<see cref="PreparedConversation.ThreadJson"/> unread).</summary>
    public static Conversation ToConversation(this PreparedConversation row, ReadOnlySpan<byte> threadUtf8) =>
        row.ToConversation(WithUtcTimestamps(ConversationJson.DeserializeMessages(threadUtf8)));

    private static Conversation ToConversation(this PreparedConversation row, List<ConversationMessage> messages) => new()
    {
        IssueKey = row.IssueKey,
        Summary = row.Summary,
        Reporter = row.Reporter,
        ReporterAccountId = row.ReporterAccountId,
        Assignee = row.Assignee,
        AssigneeAccountId = row.AssigneeAccountId,
        RequestParticipants = string.IsNullOrEmpty(row.RequestParticipants) ? [] : row.RequestParticipants.Split('\n'),
        Status = row.Status,
        Resolution = row.Resolution,
        CreatedUtc = AsUtc(row.CreatedUtc),
        UpdatedUtc = AsUtc(row.UpdatedUtc),
        DueDate = row.DueDate,
        CustomFields = ConversationJson.DeserializeCustomFields(row.CustomFieldsJson),
        Messages = messages,
        OpensWithRequest = true,
        TokenCount = row.TokenCount,
        Trim = ConversationJson.DeserializeTrim(row.TrimJson),
        Source = row.Source,
    };

    /// <summary>The messages with UTC timestamps; only those read back without a kind are copied.</summary>
    private static List<ConversationMessage> WithUtcTimestamps(IReadOnlyList<ConversationMessage> messages)
    {
        var list = messages as List<ConversationMessage> ?? [.. messages];
        for (var i = 0; i < list.Count; i++)
        {
            if (list[i].TimestampUtc is { Kind: not DateTimeKind.Utc })
            {
                list[i] = list[i] with { TimestampUtc = AsUtc(list[i].TimestampUtc) };
            }
        }

        return list;
    }

    /// <summary>SQLite gives timestamps back without a kind; every stored timestamp is UTC.</summary>
    public static DateTime? AsUtc(DateTime? value) =>
        value is null ? null : DateTime.SpecifyKind(value.Value, DateTimeKind.Utc);
}
