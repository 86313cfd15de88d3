using JiraQuality.Core.Conversations;


namespace JiraQuality.Core.Scoring.Measures;

/// <summary>
/// The messages behind a conversation's deterministic flags, for the drill-down to point at: the abusive customer and
/// profane agent messages (the same word lists and rules as <see cref="MetricsCalculator"/>), the first agent response
/// and the first-response targets.
/// </summary>
public sealed record ThreadEvidence(IReadOnlySet<int> AbusiveMessages, IReadOnlySet<int> ProfaneMessages, int? FirstResponseMessage, IReadOnlyList<SlaMarker> SlaMarkers)
{
    public static ThreadEvidence Find(Conversation conversation, ScoringOptions options)
    {
        var customerAbuse = new WordMatcher(options.EffectiveCustomerAbuseWords);
        var agentProfanity = new WordMatcher(options.EffectiveAgentProfanityWords);
        var visible = conversation.Messages.Where(m => !m.IsInternal).ToList();
        var metrics = new MetricsCalculator(options).Compute(conversation);
        var markers = new List<SlaMarker>();
        if (metrics.FirstResponseFromUtc is { } from)
        {
            foreach (var minutes in new[] { options.FirstResponseSlaMinutes, options.FirstResponseExtendedSlaMinutes }.Distinct().Order())
            {
                markers.Add(new SlaMarker(minutes, from.AddMinutes(minutes), metrics.FirstAgentResponseMinutes is { } first && first <= minutes));
            }
        }

        return new ThreadEvidence(
            visible.Where(m => m.Role == MessageRole.Customer && customerAbuse.Count(m.Text) > 0).Select(m => m.Index).ToHashSet(),
            visible.Where(m => m.Role == MessageRole.Agent && agentProfanity.Count(m.Text) > 0).Select(m => m.Index).ToHashSet(),
            metrics.FirstResponseMessageIndex,
            markers);
    }
}
