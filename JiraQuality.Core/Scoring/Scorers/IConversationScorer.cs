using JiraQuality.Core.Conversations;
using JiraQuality.Core.Scoring.Measures;


namespace JiraQuality.Core.Scoring.Scorers;

/// <summary>One way of judging a conversation. The heuristic and the LLM scorer implement it.</summary>
public interface IConversationScorer
{
    string Kind { get; }

    /// <summary>Identifies the rules and inputs (prompt, model, metric definitions): a new version re-scores.</summary>
    string Version { get; }

    /// <summary>Throws <see cref="ScoringException"/> when the conversation could not be scored.</summary>
    Task<QualityAssessment> ScoreAsync(Conversation conversation, ConversationMetrics metrics, CancellationToken cancellationToken);
}
