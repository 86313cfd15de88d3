using JiraQuality.Core.Review;
using JiraQuality.Core.Scoring;
using JiraQuality.Core.Scoring.Measures;
using JiraQuality.Core.Scoring.Scorers;

namespace JiraQuality.Tests.Scoring;

/// <summary>The heuristic decides greeting, closing and thanking from real-looking threads and leaves the rest N/A.</summary>
public sealed class HeuristicCategoryTests
{
    private static readonly ScoringOptions Options = new();
    private static readonly MetricsCalculator Metrics = new(Options);

    /// <summary>The shipped scorecard (greeting and closing pass/fail, the rest 1–5) plus a 1–5 "Thanking" category.</summary>
    private static readonly IReadOnlyList<ScorecardCategory> Scorecard =
        [.. ScorecardDefaults.Categories, new ScorecardCategory { Key = "thanking", Name = "Thanking", Description = "The agent thanked the customer." }];

    private static QualityAssessment Score(ConversationBuilder builder, IReadOnlyList<ScorecardCategory>? scorecard = null)
    {
        var conversation = builder.Build();
        return new HeuristicScorer(Options, scorecard ?? Scorecard).Score(conversation, Metrics.Compute(conversation));
    }

    [Theory]
    [InlineData("Hi Priya,\n\nI have reset your VPN token; please try again.")]
    [InlineData("Good morning Mr. Jensen, the printer on floor 3 is back online.")]
    [InlineData("Hello there! Could you send me the error code you see?")]
    [InlineData("Dear customer, we have received your request about the invoice.")]
    [InlineData("Thanks for reaching out. Which laptop model do you use?")]
    public void A_first_reply_that_opens_with_a_greeting_passes_greeting(string firstReply)
    {
        var result = Score(new ConversationBuilder()
            .Customer(0, "My VPN keeps dropping since this morning.")
            .Agent(4, firstReply, "557058:ab12cd34-0000-4000-8000-000000000001"));

        Assert.Equal(1, result.CategoryVerdicts!["greeting"].Score);
        Assert.Contains("message 2", result.CategoryVerdicts["greeting"].Reason);
    }

    [Theory]
    [InlineData("Restarted the print spooler. Please check.")]
    [InlineData("Which building are you in? I need to say hi to the facilities team first.")]
    public void A_first_reply_without_a_greeting_at_its_start_fails_greeting(string firstReply)
    {
        var result = Score(new ConversationBuilder()
            .Customer(0, "Printer on 3rd floor jams")
            .Agent(2, firstReply)
            .Customer(8, "ok"));

        Assert.Equal(0, result.CategoryVerdicts!["greeting"].Score);
    }

    [Theory]
    [InlineData("Let me know if anything else comes up. Kind regards, Ola")]
    [InlineData("The account is unlocked now. Have a great weekend!")]
    [InlineData("Glad I could help, I'm closing this ticket now.")]
    [InlineData("Cheers,\nTomasz")]
    public void A_last_reply_that_closes_passes_closing(string lastReply)
    {
        var result = Score(new ConversationBuilder()
            .Customer(0, "Locked out of my account after the password change")
            .Agent(3, "Checking the directory now.")
            .Customer(5, "thx")
            .Agent(7, lastReply));

        Assert.Equal(1, result.CategoryVerdicts!["closing"].Score);
        Assert.Contains("message 4", result.CategoryVerdicts["closing"].Reason);
    }

    [Fact]
    public void Closing_only_before_the_last_reply_fails_pass_fail_and_gives_3_on_a_1_to_5_scale()
    {
        var builder = new ConversationBuilder()
            .Customer(0, "Outlook crashes on start")
            .Agent(3, "Reinstalled the add-in. Let me know if it happens again. Best regards, Sam")
            .Customer(60, "It crashed again")
            .Agent(65, "Escalated to the desktop team.");
        var gradedScorecard = Scorecard.Select(c => c.Key == "closing" ? c with { Scale = ScorecardScales.OneToFive } : c).ToList();

        Assert.Equal(0, Score(builder).CategoryVerdicts!["closing"].Score);
        var graded = Score(builder, gradedScorecard).CategoryVerdicts!["closing"];
        Assert.Equal(3, graded.Score);
        Assert.Contains("message 2", graded.Reason);
    }

    [Theory]
    [InlineData("Thank you for your patience, the disk is replaced.", 5)]
    [InlineData("Thanks! Fixed on our side.", 5)]
    [InlineData("Much appreciated that you sent the logs; the fix is deployed.", 5)]
    [InlineData("The fix is deployed.", 1)]
    public void Thanking_on_a_1_to_5_scale_is_5_when_the_agent_thanks_and_1_when_never(string reply, double expected)
    {
        var result = Score(new ConversationBuilder()
            .Customer(0, "Build server disk full")
            .Agent(10, reply)
            .Internal(11, "thanks team, closing the incident"));

        Assert.Equal(expected, result.CategoryVerdicts!["thanking"].Score);
    }

    [Fact]
    public void Categories_keywords_cannot_decide_are_left_n_a_and_a_thread_without_an_agent_reply_decides_nothing()
    {
        var result = Score(new ConversationBuilder()
            .Customer(0, "Hi, the VPN is down")
            .Agent(2, "Hello Ana, thanks for the report. Token reset; let me know if it works."));

        Assert.Equal(["closing", "greeting", "thanking"], result.CategoryVerdicts!.Keys.Order());
        foreach (var key in new[] { "empathy", "solution_offered", "tone", "comprehension", "readability", "spelling" })
        {
            Assert.False(result.CategoryVerdicts.ContainsKey(key), key);
        }

        var customerOnly = Score(new ConversationBuilder().Customer(0, "Hello? Anyone there? Thanks").Internal(5, "Hi team, thanks"));
        Assert.Null(customerOnly.CategoryVerdicts);
    }

    [Fact]
    public void The_version_changes_only_when_a_decided_category_changes()
    {
        var plain = new HeuristicScorer(Options);
        var shipped = new HeuristicScorer(Options, ScorecardDefaults.Categories);
        var reworded = new HeuristicScorer(Options, [.. ScorecardDefaults.Categories.Select(c => c with { Description = c.Description + " (reworded)" })]);
        var withThanking = new HeuristicScorer(Options, Scorecard);

        Assert.Equal($"heuristic/{HeuristicScorer.RulesVersion}/{ConversationMetrics.Version}", plain.Version);
        Assert.NotEqual(plain.Version, shipped.Version);
        Assert.Equal(shipped.Version, reworded.Version);
        Assert.NotEqual(shipped.Version, withThanking.Version);
        Assert.Null(Score(new ConversationBuilder().Customer(0, "hi").Agent(1, "Hello! Thanks."), scorecard: []).CategoryVerdicts);
    }
}
