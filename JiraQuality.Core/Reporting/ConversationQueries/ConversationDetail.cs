using JiraQuality.Core.Conversations;


namespace JiraQuality.Core.Reporting.ConversationQueries;

/// <summary>Everything the drill-down and the conversations API show for one ticket.</summary>
public sealed record ConversationDetail(ProcessedConversationDto Processed, Conversation? Thread, IReadOnlyList<ScoreExplanation> Scores);
