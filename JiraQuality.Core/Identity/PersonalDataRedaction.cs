using JiraQuality.Core.Conversations;
using JiraQuality.Core.Ingestion.Redaction;
using JiraQuality.Core.Reporting.ConversationQueries;
using JiraQuality.Core.Scoring.Processing;


namespace JiraQuality.Core.Identity;

/// <summary>
/// What a ticket looks like to someone who has not asked (or may not ask) for its original text: every free-text
/// field a page, the API or an export shows goes through <see cref="PiiRedactor"/>, and message texts are the stored
/// redacted texts. Scorer output is redacted too, because a scorer may quote a message (the heuristic does).
/// </summary>
public static class PersonalDataRedaction
{
    public static ConversationDetail Redact(ConversationDetail detail) => new(
        Redact(detail.Processed),
        detail.Thread is null ? null : Redact(detail.Thread),
        detail.Scores.Select(score => score with { Reason = Text(score.Reason) }).ToList());

    public static Conversation Redact(Conversation conversation) => conversation with
    {
        Summary = Text(conversation.Summary) ?? "",
        Reporter = Text(conversation.Reporter) ?? "",
        Assignee = Text(conversation.Assignee),
        RequestParticipants = conversation.RequestParticipants.Select(p => Text(p) ?? "").ToList(),
        CustomFields = conversation.CustomFields.ToDictionary(field => field.Key, field => Text(field.Value) ?? ""),
        Messages = conversation.Messages.Select(Redact).ToList(),
    };

    public static ConversationMessage Redact(ConversationMessage message)
    {
        // The stored redacted text also hides names; a thread stored without one is redacted here rather than shown in clear.
        var redacted = PiiRedactor.Redact(string.IsNullOrEmpty(message.RedactedText) ? message.Text : message.RedactedText);
        return message with
        {
            Text = redacted,
            RedactedText = redacted,
            AuthorName = Text(message.AuthorName),
            AuthorSource = message.AuthorSource is { } source ? source with { Name = Text(source.Name) } : null,
        };
    }

    /// <summary>The free text of a ticket's stored assessment, redacted (the same fields as <see cref="RedactInPlace"/>).</summary>
    public static ProcessedConversationDto Redact(ProcessedConversationDto row) => row with
    {
        Reporter = Text(row.Reporter),
        AgentAuthors = Text(row.AgentAuthors) ?? "",
        CustomerAuthors = Text(row.CustomerAuthors) ?? "",
        Summary = Text(row.Summary),
        ProblemExtract = Text(row.ProblemExtract),
        ResolutionExtract = Text(row.ResolutionExtract),
        StepsJson = Text(row.StepsJson),
        ContactReasonRaw = Text(row.ContactReasonRaw),
        ReasonOverrideWhy = Text(row.ReasonOverrideWhy),
        ResolutionWhy = Text(row.ResolutionWhy),
        ImprovementTip = Text(row.ImprovementTip),
        ScoreReasonsJson = Text(row.ScoreReasonsJson),
    };

    /// <summary>
    /// Redacts a processed row's free text. The row is changed in place: callers pass rows read without tracking,
    /// which nobody else holds.
    /// </summary>
    public static ProcessedConversation RedactInPlace(ProcessedConversation row)
    {
        row.Reporter = Text(row.Reporter);
        row.AgentAuthors = Text(row.AgentAuthors) ?? "";
        row.CustomerAuthors = Text(row.CustomerAuthors) ?? "";
        row.Summary = Text(row.Summary);
        row.ProblemExtract = Text(row.ProblemExtract);
        row.ResolutionExtract = Text(row.ResolutionExtract);
        row.StepsJson = Text(row.StepsJson);
        row.ContactReasonRaw = Text(row.ContactReasonRaw);
        row.ReasonOverrideWhy = Text(row.ReasonOverrideWhy);
        row.ResolutionWhy = Text(row.ResolutionWhy);
        row.ImprovementTip = Text(row.ImprovementTip);
        row.ScoreReasonsJson = Text(row.ScoreReasonsJson);
        return row;
    }

    public static string? Text(string? text) => string.IsNullOrEmpty(text) ? text : PiiRedactor.Redact(text);
}
