using JiraQuality.Core.Conversations;
using JiraQuality.Core.Reporting.Exports;
using JiraQuality.Core.Scoring;
using JiraQuality.Core.Scoring.Measures;
using JiraQuality.Core.Scoring.Processing;
using JiraQuality.Core.Scoring.Scorers;

namespace JiraQuality.Tests.Scoring;

public sealed class MetricsCalculatorTests
{
    private static readonly MetricsCalculator Calculator = new(new ScoringOptions());

    private static ConversationMetrics Compute(ConversationBuilder builder) => Calculator.Compute(builder.Build());

    [Fact]
    public void Worked_example_matches_the_predecessor_except_the_customer_response_definition()
    {
        var metrics = Calculator.Compute(ConversationBuilder.WorkedExample());

        Assert.Equal(ConversationBuilder.Base, metrics.ConversationStartUtc);
        Assert.Equal(ConversationBuilder.Base.AddMinutes(25), metrics.ConversationEndUtc);
        Assert.Equal("25.00", AnalysisCsvExporter.Minutes(metrics.DurationMinutes));
        Assert.Equal("2.00", AnalysisCsvExporter.Minutes(metrics.FirstAgentResponseMinutes));
        Assert.Equal("6.00", AnalysisCsvExporter.Minutes(metrics.AvgAgentResponseMinutes));

        // The predecessor reports 5.67 (7, 8 and 2): it measured every message of a customer burst from the
        // latest agent message. Here both averages use the same rule, from the first message of the unanswered
        // burst to the reply: 09:02 -> 09:10 is 8 and 09:20 -> 09:22 is 2.
        Assert.Equal("5.00", AnalysisCsvExporter.Minutes(metrics.AvgCustomerResponseMinutes));

        Assert.Equal((8, 3, 4), (metrics.MessagesTotal, metrics.MessagesAgent, metrics.MessagesCustomer));
        Assert.Equal(4, metrics.Turns);
        Assert.True(metrics.InitialResponseSla5m);
        Assert.True(metrics.InitialResponseSla15m);
        Assert.Equal(["712020:1111", "712020:2222"], metrics.AgentAuthors);
        Assert.Equal(["qm:cust"], metrics.CustomerAuthors);
        Assert.Equal("712020:1111", metrics.FirstResponder);
        Assert.Equal("712020:1111", metrics.PrimaryAgent);
        Assert.Equal(0, metrics.MessagesInternal);

        // Resolution at the 7th message (09:22): 22 minutes after the start.
        var resolvedAt = ConversationBuilder.Base.AddMinutes(22);
        Assert.Equal("22.00", AnalysisCsvExporter.Minutes(ProcessedConversationMapper.DurationToResolution(metrics, resolvedAt)));
    }

    [Fact]
    public void Worked_example_cost_for_gpt_5_nano()
    {
        var prices = new Dictionary<string, ModelPrice> { ["gpt-5-nano"] = new() { Input = 0.05, CachedInput = 0.005, Output = 0.40 } };
        var cost = CostCalculator.CostUsd(prices, "gpt-5-nano", new TokenUsage(2000, 0, 1500, 0));
        Assert.Equal("0.000700", cost!.Value.ToString("0.000000", System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void Cached_input_tokens_are_billed_at_the_cached_rate_and_unknown_models_have_no_cost()
    {
        var prices = new Dictionary<string, ModelPrice> { ["m"] = new() { Input = 1, CachedInput = 0.1, Output = 10 } };
        Assert.Equal(((800 * 1) + (200 * 0.1) + (100 * 10)) / 1e6, CostCalculator.CostUsd(prices, "m", new TokenUsage(1000, 200, 100, 0))!.Value, 12);
        Assert.Null(CostCalculator.CostUsd(prices, "other", new TokenUsage(1000, 0, 100, 0)));
    }

    [Fact]
    public void Reference_test_counts_burst_starts_and_ignores_follow_ups()
    {
        var metrics = Compute(new ConversationBuilder().Customer(0).Agent(2).Agent(7).Customer(10).Customer(11).Agent(15));
        Assert.Equal(2, metrics.FirstAgentResponseMinutes);
        Assert.Equal(3.5, metrics.AvgAgentResponseMinutes);
    }

    [Fact]
    public void No_messages_gives_empty_timings_zero_counts_and_no_sla()
    {
        var metrics = Compute(new ConversationBuilder());
        Assert.Null(metrics.ConversationStartUtc);
        Assert.Null(metrics.ConversationEndUtc);
        Assert.Null(metrics.DurationMinutes);
        Assert.Null(metrics.FirstAgentResponseMinutes);
        Assert.Null(metrics.AvgAgentResponseMinutes);
        Assert.Null(metrics.AvgCustomerResponseMinutes);
        Assert.Null(metrics.InitialResponseSla5m);
        Assert.Null(metrics.InitialResponseSla15m);
        Assert.Equal((0, 0, 0, 0), (metrics.MessagesTotal, metrics.MessagesAgent, metrics.MessagesCustomer, metrics.Turns));
        Assert.Equal((0, 0), (metrics.AgentProfanityCount, metrics.CustomerAbuseCount));
        Assert.Null(metrics.PrimaryAgent);
        Assert.Null(metrics.FirstResponder);
    }

    [Fact]
    public void Customer_only_has_no_response_and_no_sla()
    {
        var metrics = Compute(new ConversationBuilder().Customer(0).Customer(5));
        Assert.Null(metrics.FirstAgentResponseMinutes);
        Assert.Null(metrics.AvgAgentResponseMinutes);
        Assert.Null(metrics.AvgCustomerResponseMinutes);
        Assert.Null(metrics.InitialResponseSla5m);
        Assert.Equal(0, metrics.Turns);
        Assert.Equal(5, metrics.DurationMinutes);
    }

    [Fact]
    public void Agent_only_outbound_messages_add_no_response_time()
    {
        var metrics = Compute(new ConversationBuilder().Agent(0, "hello from the desk").Agent(3));
        Assert.Null(metrics.FirstAgentResponseMinutes);
        Assert.Null(metrics.InitialResponseSla15m);
        Assert.Equal(2, metrics.MessagesAgent);
        Assert.Equal("712020:agent-1", metrics.PrimaryAgent);
    }

    [Fact]
    public void A_greeting_before_the_customer_speaks_does_not_count()
    {
        var metrics = Compute(new ConversationBuilder().Agent(0, "auto greeting").Customer(1).Agent(9));
        Assert.Equal(8, metrics.FirstAgentResponseMinutes);
        Assert.Equal(2, metrics.Turns);
    }

    [Fact]
    public void Customer_first_in_the_same_minute_gives_a_zero_first_response()
    {
        var metrics = Compute(new ConversationBuilder().Customer(0).Agent(0).Customer(0).Agent(0).Agent(0).Customer(2));
        Assert.Equal(0, metrics.FirstAgentResponseMinutes);
        Assert.Equal(0, metrics.AvgAgentResponseMinutes);
        Assert.True(metrics.InitialResponseSla5m);
        Assert.Equal(4, metrics.Turns);
    }

    [Fact]
    public void Customer_bursts_are_measured_from_their_first_message()
    {
        var metrics = Compute(new ConversationBuilder().Customer(0).Customer(4).Customer(6).Agent(10).Agent(12).Customer(30).Agent(31));
        Assert.Equal(10, metrics.FirstAgentResponseMinutes);
        Assert.Equal(5.5, metrics.AvgAgentResponseMinutes);
        Assert.Equal(20, metrics.AvgCustomerResponseMinutes);
    }

    [Fact]
    public void Messages_without_timestamps_neither_open_nor_close_a_burst()
    {
        var metrics = Compute(new ConversationBuilder().Customer(0).Agent(null, "untimed reply").Agent(6));
        Assert.Equal(6, metrics.FirstAgentResponseMinutes);
        Assert.Equal(2, metrics.MessagesAgent);

        var untimedCustomer = Compute(new ConversationBuilder().Customer(null).Agent(3));
        Assert.Null(untimedCustomer.FirstAgentResponseMinutes);
        Assert.Equal(ConversationBuilder.Base.AddMinutes(3), untimedCustomer.ConversationStartUtc);
        Assert.Equal(0, untimedCustomer.DurationMinutes);
    }

    [Fact]
    public void A_reply_stamped_before_the_question_clears_the_burst_without_a_negative_time()
    {
        var metrics = Compute(new ConversationBuilder().Customer(10).Agent(5).Agent(20));
        Assert.Null(metrics.FirstAgentResponseMinutes);
        Assert.Null(metrics.AvgAgentResponseMinutes);
        Assert.Equal(15, metrics.DurationMinutes);
    }

    [Fact]
    public void Internal_notes_are_counted_apart_and_excluded_from_everything_else()
    {
        var metrics = Compute(new ConversationBuilder()
            .Customer(0)
            .Internal(1, "customer is a damn pain")
            .Agent(7)
            .Internal(60, "closing"));
        Assert.Equal(7, metrics.FirstAgentResponseMinutes);
        Assert.Equal(2, metrics.MessagesInternal);
        Assert.Equal((2, 1, 1), (metrics.MessagesTotal, metrics.MessagesAgent, metrics.MessagesCustomer));
        Assert.Equal(7, metrics.DurationMinutes);
        Assert.Equal(0, metrics.AgentProfanityCount);
        Assert.Equal(1, metrics.Turns);
    }

    [Fact]
    public void Unknown_role_messages_count_only_in_the_total_and_the_time_span()
    {
        var metrics = Compute(new ConversationBuilder().Customer(0).Unknown(1).Customer(2).Agent(4).Unknown(30));
        Assert.Equal((5, 1, 2), (metrics.MessagesTotal, metrics.MessagesAgent, metrics.MessagesCustomer));
        Assert.Equal(1, metrics.Turns);
        Assert.Equal(4, metrics.FirstAgentResponseMinutes);
        Assert.Equal(30, metrics.DurationMinutes);
    }

    [Theory]
    [InlineData(5.0, true, true)]
    [InlineData(5.5, false, true)]
    [InlineData(15.0, false, true)]
    [InlineData(15.5, false, false)]
    public void Sla_flags_are_inclusive_at_their_thresholds(double firstResponse, bool within5, bool within15)
    {
        var metrics = Compute(new ConversationBuilder().Customer(0).Agent(firstResponse));
        Assert.Equal(within5, metrics.InitialResponseSla5m);
        Assert.Equal(within15, metrics.InitialResponseSla15m);
    }

    [Fact]
    public void Sla_thresholds_come_from_the_settings()
    {
        var calculator = new MetricsCalculator(new ScoringOptions { FirstResponseSlaMinutes = 1, FirstResponseExtendedSlaMinutes = 3 });
        var metrics = calculator.Compute(new ConversationBuilder().Customer(0).Agent(2).Build());
        Assert.False(metrics.InitialResponseSla5m);
        Assert.True(metrics.InitialResponseSla15m);
    }

    [Fact]
    public void Profanity_and_abuse_are_whole_words_with_inflections_on_their_own_side()
    {
        var metrics = Compute(new ConversationBuilder()
            .Customer(0, "This fucking dock is SHITTY and useless. Hello? You idiots hated it")
            .Agent(1, "Hello, sorry for the hellish wait, damned system. Shell script says crap.")
            .Customer(2, "assess the scrap, shellfish"));
        // Customer: fucking, shitty, useless, idiots, hated. "Hello" is not "hell".
        Assert.Equal(5, metrics.CustomerAbuseCount);
        // Agent: damned, crap ("hellish" and "Shell" are other words).
        Assert.Equal(2, metrics.AgentProfanityCount);
        Assert.True(metrics.AgentProfanityDetected);
        Assert.True(metrics.CustomerAbuseDetected);
    }

    [Fact]
    public void Word_lists_come_from_the_settings()
    {
        var calculator = new MetricsCalculator(new ScoringOptions { AgentProfanityWords = ["blimey"], CustomerAbuseWords = ["rubbish"] });
        var metrics = calculator.Compute(new ConversationBuilder().Customer(0, "rubbish service, damn, blimey").Agent(1, "blimey, damn").Build());
        Assert.Equal(2, metrics.CustomerAbuseCount);
        Assert.Equal(1, metrics.AgentProfanityCount);
    }

    [Fact]
    public void Authors_keep_their_order_of_appearance_and_the_busiest_agent_is_primary()
    {
        var metrics = Compute(new ConversationBuilder()
            .Customer(0, author: "qm:z")
            .Agent(1, author: "712020:zed", tier: AgentTier.Tier1)
            .Customer(2, author: "qm:a")
            .Agent(3, author: "712020:amy", tier: AgentTier.Tier2)
            .Agent(4, author: "712020:amy", tier: AgentTier.Tier2));
        Assert.Equal(["712020:zed", "712020:amy"], metrics.AgentAuthors);
        Assert.Equal(["qm:z", "qm:a"], metrics.CustomerAuthors);
        Assert.Equal("712020:zed", metrics.FirstResponder);
        Assert.Equal("TIER1", metrics.FirstResponderTier);
        Assert.Equal("712020:amy", metrics.PrimaryAgent);
        Assert.Equal("TIER2", metrics.PrimaryAgentTier);
        Assert.True(metrics.EscalatedTier1ToTier2);
        Assert.True(metrics.HandedOverFromTier1);
    }

    [Fact]
    public void A_tie_for_primary_agent_goes_to_the_first_to_appear()
    {
        var metrics = Compute(new ConversationBuilder().Customer(0).Agent(1, author: "712020:b").Agent(2, author: "712020:a"));
        Assert.Equal("712020:b", metrics.PrimaryAgent);
    }

    [Fact]
    public void Hand_overs_need_a_tier_1_reply_first()
    {
        var tier2First = Compute(new ConversationBuilder().Customer(0).Agent(1, author: "712020:t2", tier: AgentTier.Tier2).Agent(2, author: "712020:t1"));
        Assert.False(tier2First.EscalatedTier1ToTier2);
        Assert.False(tier2First.HandedOverFromTier1);

        var sameAgent = Compute(new ConversationBuilder().Customer(0).Agent(1).Agent(2).Customer(3).Agent(4));
        Assert.False(sameAgent.HandedOverFromTier1);

        var peer = Compute(new ConversationBuilder().Customer(0).Agent(1, author: "712020:x").Agent(2, author: "712020:y"));
        Assert.True(peer.HandedOverFromTier1);
        Assert.False(peer.EscalatedTier1ToTier2);
    }
}
