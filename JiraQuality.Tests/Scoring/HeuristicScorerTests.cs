using JiraQuality.Core.Scoring;
using JiraQuality.Core.Scoring.Measures;
using JiraQuality.Core.Scoring.Processing;
using JiraQuality.Core.Scoring.Scorers;

namespace JiraQuality.Tests.Scoring;

public sealed class HeuristicScorerTests
{
    private static readonly ScoringOptions Options = new();
    private static readonly HeuristicScorer Scorer = new(Options);
    private static readonly MetricsCalculator Metrics = new(Options);

    private static QualityAssessment Score(ConversationBuilder builder)
    {
        var conversation = builder.Build();
        return Scorer.Score(conversation, Metrics.Compute(conversation));
    }

    [Fact]
    public void A_friendly_resolved_exchange_scores_well_and_needs_no_coaching()
    {
        var result = Score(new ConversationBuilder()
            .Customer(0, "My VPN is down")
            .Agent(2, "Thanks for the report, I have reset your token.")
            .Customer(5, "Works now, thank you!"));

        Assert.Equal(ScorerKinds.Heuristic, result.Kind);
        Assert.Equal(3.5, result.ConversationRating); // 3 + 0.3 (positive customer) + 0.2 (positive sentiment)
        Assert.Equal(3.4, result.AgentScore);          // 3 + 0.4 (thanks)
        Assert.Equal(HeuristicScorer.Positive, result.SentimentPrimary);
        Assert.True(result.Resolved);
        Assert.True(result.NeedsImprovement);          // agent score below 3.5
        Assert.Equal("Review conversation for coaching opportunities.", result.ImprovementTip);
        Assert.Equal("Thanks for the report, I have reset your token.", result.Highlights);
    }

    [Fact]
    public void Only_what_an_llm_can_judge_stays_empty()
    {
        var result = Score(new ConversationBuilder().Customer(0, "help").Agent(1, "on it"));
        Assert.Null(result.Summary);
        Assert.Null(result.CustomerScore);
        Assert.Null(result.ContactReason);
        Assert.Null(result.ContactReasonChanged);
        Assert.Null(result.ProblemExtract);
        Assert.Null(result.ResolutionExtract);
        Assert.Null(result.Steps);
        Assert.Null(result.SentimentScores);
        Assert.Null(result.ResolutionMessageIndex);
        Assert.Null(result.Model);
        Assert.Null(result.CostUsd);
        Assert.Equal(result.ConversationRating, result.ConversationScore);
    }

    [Fact]
    public void Delays_abuse_and_negative_sentiment_lower_the_scores_with_notes()
    {
        var result = Score(new ConversationBuilder()
            .Customer(0, "The laptop is broken and I am frustrated")
            .Agent(1, "We are unable to look at it until tomorrow.")
            .Customer(2, "You are useless, this is terrible"));

        // Quality: 3 - 0.4 - 0.4 (two negative customer messages) - 0.5 (abuse) - 0.3 (negative sentiment) = 1.4.
        Assert.Equal(1.4, result.ConversationRating);
        Assert.Equal(2.5, result.AgentScore);
        Assert.Equal(HeuristicScorer.Negative, result.SentimentPrimary);
        Assert.True(result.NeedsImprovement);
        Assert.Contains("Agent message 2 indicates delay: 'We are unable to look at it until tomorrow.'", result.ImprovementTip);
        Assert.Contains("Customer used abusive language.", result.ImprovementTip);
        Assert.Equal([2], result.ScoreReasons!["agent"].Messages);
    }

    [Fact]
    public void Keywords_are_whole_words_not_substrings()
    {
        // "goodbye" is not "good", "latest" is not "later", "slowly" is not "slow", "italics" has no "it".
        var result = Score(new ConversationBuilder()
            .Customer(0, "goodbye, the latest build renders italics slowly")
            .Agent(1, "noted"));
        Assert.Equal(3.0, result.ConversationRating);
        Assert.Equal(3.0, result.AgentScore);
        Assert.Equal(HeuristicScorer.Neutral, result.SentimentPrimary);
    }

    [Fact]
    public void One_positive_message_is_already_positive_sentiment()
    {
        // The predecessor needed a sum above 1; a single thank-you counts here.
        var result = Score(new ConversationBuilder().Customer(0, "thanks").Agent(1, "ok"));
        Assert.Equal(HeuristicScorer.Positive, result.SentimentPrimary);
    }

    [Fact]
    public void Internal_notes_do_not_count_and_an_empty_thread_has_no_verdict()
    {
        var withNote = Score(new ConversationBuilder().Customer(0, "help").Internal(1, "customer is stupid, we are unable to fix").Agent(2, "on it"));
        Assert.Equal(3.0, withNote.AgentScore);
        Assert.Equal(3.0, withNote.ConversationRating);

        var empty = Score(new ConversationBuilder());
        Assert.Null(empty.ConversationRating);
        Assert.Null(empty.AgentScore);
        Assert.Null(empty.Resolved);
        Assert.Null(empty.NeedsImprovement);
        Assert.Null(empty.SentimentPrimary);
    }

    [Theory]
    [InlineData("Done", "still broken", true)]
    [InlineData("Won't Do", "still broken", false)]
    [InlineData("", "fixed now, cheers", true)]
    [InlineData("", "still broken", false)]
    public void Resolved_is_estimated_from_the_resolution_and_the_last_customer_message(string resolution, string lastCustomer, bool expected)
    {
        var result = Score(new ConversationBuilder().Resolution(resolution).Customer(0, "help").Agent(1, "try this").Customer(2, lastCustomer));
        Assert.Equal(expected, result.Resolved);
    }

    [Fact]
    public void Agent_profanity_counts_against_the_agent()
    {
        var result = Score(new ConversationBuilder().Customer(0, "help").Agent(1, "this damn system"));
        Assert.Equal(2.0, result.AgentScore);
        Assert.Contains("Agent used profanity.", result.ImprovementTip);
    }

    [Fact]
    public void A_confirmed_fix_is_resolved_by_the_agent_reply_the_customer_answered()
    {
        var conversation = new ConversationBuilder()
            .Customer(0, "My VPN is down")
            .Agent(4, "Please restart the client.")
            .Agent(10, "I have reset your token as well.")
            .Customer(25, "Works now, thank you!")
            .Build();
        var metrics = Metrics.Compute(conversation);

        var result = Scorer.Score(conversation, metrics);

        Assert.Equal(3, result.ResolutionMessageIndex);
        Assert.Equal(ConversationBuilder.Base.AddMinutes(10), result.ResolutionTimestampUtc);
        Assert.Contains("confirms", result.ResolutionWhy);
        Assert.Equal(10, ProcessedConversationMapper.DurationToResolution(metrics, result.ResolutionTimestampUtc));
    }

    [Fact]
    public void A_jira_resolution_is_reached_at_the_last_agent_reply_and_an_undated_one_gives_no_time()
    {
        var resolved = Score(new ConversationBuilder().Resolution("Done").Customer(0, "help").Agent(3, "try this").Customer(8, "ok").Agent(12, "closing this"));
        Assert.Equal(4, resolved.ResolutionMessageIndex);
        Assert.Equal(ConversationBuilder.Base.AddMinutes(12), resolved.ResolutionTimestampUtc);
        Assert.Contains("\"Done\"", resolved.ResolutionWhy);

        var undated = Score(new ConversationBuilder().Resolution("Done").Customer(0, "help").Agent(null, "try this"));
        Assert.True(undated.Resolved);
        Assert.Null(undated.ResolutionMessageIndex);
        Assert.Null(undated.ResolutionTimestampUtc);

        var unresolved = Score(new ConversationBuilder().Resolution("Won't Do").Customer(0, "help").Agent(3, "no"));
        Assert.False(unresolved.Resolved);
        Assert.Null(unresolved.ResolutionTimestampUtc);
        Assert.Null(unresolved.ResolutionWhy);
    }
}
