using System.Globalization;
using JiraQuality.Core.Conversations;
using JiraQuality.Core.Review;
using JiraQuality.Core.Scoring.Measures;

namespace JiraQuality.Core.Scoring.Scorers;

/// <summary>
/// Deterministic quality verdict from keywords (whole words and phrases) and the deterministic metrics; needs no
/// external service. It judges only what keywords can support: a quality rating, an agent score, a coarse
/// customer sentiment (Positive/Negative/Neutral), a resolved estimate and coaching notes. Everything only an
/// LLM can fill (summary, contact reason, extracts, customer score) stays null. Of the scorecard's own categories it
/// decides greeting, closing and thanking (<see cref="HeuristicCategoryChecks"/>) and leaves the rest N/A.
/// </summary>
public sealed class HeuristicScorer : IConversationScorer
{
    public const string RulesVersion = "h2";
    public const string Positive = "Positive";
    public const string Negative = "Negative";
    public const string Neutral = "Neutral";

    private static readonly string[] UnresolvedResolutions =
        ["won't do", "won't fix", "declined", "duplicate", "cannot reproduce", "not a bug", "unresolved", "incomplete"];

    private readonly PhraseMatcher _positiveAgent;
    private readonly PhraseMatcher _negativeAgent;
    private readonly PhraseMatcher _positiveCustomer;
    private readonly PhraseMatcher _negativeCustomer;
    private readonly PhraseMatcher _resolvedCustomer;
    private readonly HeuristicCategoryChecks _categories;

    public HeuristicScorer(ScoringOptions options, IReadOnlyList<ScorecardCategory>? scorecard = null)
    {
        _categories = new HeuristicCategoryChecks(options, scorecard);
        Version = _categories.Any
            ? $"{ScorerKinds.Heuristic}/{RulesVersion}/{ConversationMetrics.Version}/{_categories.Fingerprint}"
            : $"{ScorerKinds.Heuristic}/{RulesVersion}/{ConversationMetrics.Version}";
        var lists = options.Heuristic;
        _positiveAgent = new PhraseMatcher(lists.Or(lists.PositiveAgent, HeuristicWordLists.DefaultPositiveAgent));
        _negativeAgent = new PhraseMatcher(lists.Or(lists.NegativeAgent, HeuristicWordLists.DefaultNegativeAgent));
        _positiveCustomer = new PhraseMatcher(lists.Or(lists.PositiveCustomer, HeuristicWordLists.DefaultPositiveCustomer));
        _negativeCustomer = new PhraseMatcher(lists.Or(lists.NegativeCustomer, HeuristicWordLists.DefaultNegativeCustomer));
        _resolvedCustomer = new PhraseMatcher(lists.Or(lists.ResolvedCustomer, HeuristicWordLists.DefaultResolvedCustomer));
    }

    public string Kind => ScorerKinds.Heuristic;

    /// <summary>With the decided scorecard categories' fingerprint when there are some, so adding one re-scores.</summary>
    public string Version { get; }

    public Task<QualityAssessment> ScoreAsync(Conversation conversation, ConversationMetrics metrics, CancellationToken cancellationToken) =>
        Task.FromResult(Score(conversation, metrics));

    public QualityAssessment Score(Conversation conversation, ConversationMetrics metrics)
    {
        double quality = 3.0, agentScore = 3.0;
        var sentiment = 0;
        var notes = new List<string>();
        var highlights = new List<string>();
        var delayMessages = new List<int>();
        var helpfulMessages = new List<int>();
        var negativeCustomerMessages = new List<int>();
        ConversationMessage? lastCustomer = null;
        ConversationMessage? lastAgent = null;
        ConversationMessage? lastAgentBeforeLastCustomer = null;
        var publicMessages = 0;

        foreach (var message in conversation.Messages)
        {
            if (message.IsInternal || string.IsNullOrWhiteSpace(message.Text))
            {
                continue;
            }

            publicMessages++;
            if (message.Role == MessageRole.Customer)
            {
                lastCustomer = message;
                lastAgentBeforeLastCustomer = lastAgent;
                var negative = _negativeCustomer.Matches(message.Text);
                var positive = _positiveCustomer.Matches(message.Text);
                if (negative)
                {
                    quality -= 0.4;
                    sentiment--;
                    negativeCustomerMessages.Add(message.Index);
                }

                if (positive)
                {
                    quality += 0.3;
                    sentiment++;
                }
            }
            else if (message.Role == MessageRole.Agent)
            {
                lastAgent = message;
                if (_negativeAgent.Matches(message.Text))
                {
                    agentScore -= 0.5;
                    delayMessages.Add(message.Index);
                    notes.Add($"Agent message {message.Index} indicates delay: '{TextLimits.Shorten(message.Text, 80)}'");
                }

                if (_positiveAgent.Matches(message.Text))
                {
                    agentScore += 0.4;
                    helpfulMessages.Add(message.Index);
                    highlights.Add(message.Text.Trim());
                }
            }
        }

        var abusive = metrics.CustomerAbuseCount > 0;
        if (abusive)
        {
            quality -= 0.5;
            notes.Add("Customer used abusive language.");
        }

        if (metrics.AgentProfanityCount > 0)
        {
            agentScore -= 1.0;
            notes.Add("Agent used profanity.");
        }

        var sentimentLabel = sentiment > 0 ? Positive : sentiment < 0 ? Negative : Neutral;
        quality += sentimentLabel switch
        {
            Negative => -0.3,
            Positive => 0.2,
            _ => 0,
        };

        quality = Math.Round(Math.Clamp(quality, 1, 5), 2);
        agentScore = Math.Round(Math.Clamp(agentScore, 1, 5), 2);
        var needsImprovement = quality < 3.5 || agentScore < 3.5 || abusive || metrics.AgentProfanityCount > 0;
        if (needsImprovement && notes.Count == 0)
        {
            notes.Add("Review conversation for coaching opportunities.");
        }

        var hasThread = publicMessages > 0;
        var resolution = hasThread ? EstimateResolution(conversation, lastCustomer, lastCustomer is null ? lastAgent : lastAgentBeforeLastCustomer, lastAgent) : null;
        return new QualityAssessment
        {
            Kind = Kind,
            ScorerVersion = Version,
            ConversationRating = hasThread ? quality : null,
            AgentScore = hasThread && metrics.MessagesAgent > 0 ? agentScore : null,
            SentimentPrimary = lastCustomer is null ? null : sentimentLabel,
            Resolved = resolution?.Resolved,
            ResolutionMessageIndex = resolution?.By?.Index,
            ResolutionTimestampUtc = resolution?.By?.TimestampUtc,
            ResolutionWhy = resolution?.Why,
            NeedsImprovement = hasThread ? needsImprovement : null,
            ImprovementTip = hasThread && notes.Count > 0 ? TextLimits.Shorten(string.Join(' ', notes), 200) : null,
            Highlights = highlights.Count > 0 ? TextLimits.Shorten(string.Join(" | ", highlights), 250) : null,
            ContactReasonChanged = null,
            CategoryVerdicts = hasThread ? _categories.Score(conversation) : null,
            ScoreReasons = hasThread
                ? new Dictionary<string, ScoreReason>
                {
                    ["rating"] = new(
                        string.Create(CultureInfo.InvariantCulture, $"Keyword heuristic: customer sentiment {sentimentLabel.ToLowerInvariant()}, {(abusive ? "abusive language" : "no abuse")}."),
                        negativeCustomerMessages),
                    ["agent"] = new(
                        string.Create(CultureInfo.InvariantCulture, $"Keyword heuristic: {helpfulMessages.Count} helpful and {delayMessages.Count} delaying agent messages."),
                        [.. helpfulMessages, .. delayMessages]),
                }
                : null,
        };
    }

    /// <summary>
    /// Resolved when the customer's last message confirms it (then the agent reply it answers resolved it) or when
    /// Jira records a resolution that is not a refusal (then the last public agent reply did). The resolving
    /// message only counts with a timestamp, so the time to resolution is never guessed from an undated one.
    /// </summary>
    private HeuristicResolution EstimateResolution(
        Conversation conversation, ConversationMessage? lastCustomer, ConversationMessage? answeredByCustomer, ConversationMessage? lastAgent)
    {
        if (lastCustomer is not null && _resolvedCustomer.Matches(lastCustomer.Text))
        {
            return new(true, Dated(answeredByCustomer), "Keyword heuristic: the customer's last message confirms the fix.");
        }

        var resolution = conversation.Resolution.Trim();
        return resolution.Length > 0 && !UnresolvedResolutions.Contains(resolution.ToLowerInvariant().Replace('’', '\''))
            ? new(true, Dated(lastAgent), string.Create(CultureInfo.InvariantCulture, $"Jira resolution \"{resolution}\"; the last agent reply is taken as the resolving one."))
            : new(false, null, null);
    }

    private static ConversationMessage? Dated(ConversationMessage? message) => message?.TimestampUtc is null ? null : message;

    private sealed record HeuristicResolution(bool Resolved, ConversationMessage? By, string? Why);
}
