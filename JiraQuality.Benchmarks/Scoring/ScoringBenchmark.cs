using System.Diagnostics;
using JiraQuality.Core.Conversations;
using JiraQuality.Core.Scoring.Measures;
using JiraQuality.Core.Scoring.Scorers;
using JiraQuality.Core.Review;
using JiraQuality.Core.Scoring;

namespace JiraQuality.Benchmarks.Scoring;

/// <summary>Synthetic conversations and the timing loop of the <c>bench scoring</c> verb.</summary>
public static class ScoringBenchmark
{
    private static readonly string[] CustomerLines =
    [
        "Hi, my laptop will not connect to the VPN since this morning",
        "I still can't log in, this is ridiculous and slow",
        "any update?? waiting for hours",
        "It works now, thank you so much, great help",
        "The printer on floor 3 is broken again, useless thing",
        "Could you reset my password please? I forgot it after the holidays",
        "thanks, appreciate it",
        "Outlook keeps crashing when I open the shared mailbox",
    ];

    private static readonly string[] AgentLines =
    [
        "Thanks for reaching out, I'm looking into it now.",
        "Could you send me the error message and your device name?",
        "I have escalated this to the network team, we will follow up tomorrow.",
        "Sorry for the delay, we are unable to reproduce the issue yet.",
        "I've reset the password, please try again and let me know.",
        "Glad it's resolved! I'll close the ticket.",
        "Please restart the VPN client and sign in with your new password.",
    ];

    /// <summary>Deterministic conversations of 2 to 16 messages (mean about 9) with bursts, internal notes and gaps.</summary>
    public static List<Conversation> Generate(int count, int seed = 42)
    {
        var random = new Random(seed);
        var start = new DateTime(2025, 11, 1, 8, 0, 0, DateTimeKind.Utc);
        var conversations = new List<Conversation>(count);
        for (var i = 0; i < count; i++)
        {
            var length = random.Next(2, 17);
            var messages = new List<ConversationMessage>(length);
            var at = start.AddMinutes(random.Next(0, 60 * 24 * 30));
            var role = MessageRole.Customer;
            for (var m = 1; m <= length; m++)
            {
                var isInternal = role == MessageRole.Agent && random.NextDouble() < 0.08;
                var text = role == MessageRole.Customer ? CustomerLines[random.Next(CustomerLines.Length)] : AgentLines[random.Next(AgentLines.Length)];
                var agent = random.Next(3);
                messages.Add(new ConversationMessage
                {
                    Index = m,
                    TimestampUtc = random.NextDouble() < 0.02 ? null : at,
                    AuthorId = role == MessageRole.Customer ? $"qm:customer-{i}" : $"712020:agent-{agent}",
                    Role = role,
                    Tier = role == MessageRole.Agent ? (agent == 2 ? AgentTier.Tier2 : AgentTier.Tier1) : AgentTier.None,
                    IsInternal = isInternal,
                    Text = text,
                    RedactedText = text,
                });
                at = at.AddMinutes(random.Next(0, 45));
                if (random.NextDouble() < 0.6)
                {
                    role = role == MessageRole.Customer ? MessageRole.Agent : MessageRole.Customer;
                }
            }

            conversations.Add(new Conversation
            {
                IssueKey = $"BENCH-{i + 1}",
                Status = "Done",
                Resolution = random.NextDouble() < 0.8 ? "Done" : "",
                CreatedUtc = start,
                Messages = messages,
            });
        }

        return conversations;
    }

    /// <summary>
    /// Metrics plus heuristic scoring of every conversation on the calling thread, with the scorecard categories the
    /// heuristic decides when <paramref name="scorecard"/> is given; conversations per second.
    /// </summary>
    public static double MeasureDeterministic(IReadOnlyList<Conversation> conversations, ScoringOptions options, IReadOnlyList<ScorecardCategory>? scorecard = null)
    {
        var calculator = new MetricsCalculator(options);
        var scorer = new HeuristicScorer(options, scorecard);
        double checksum = 0;
        var watch = Stopwatch.StartNew();
        foreach (var conversation in conversations)
        {
            var metrics = calculator.Compute(conversation);
            var assessment = scorer.Score(conversation, metrics);
            checksum += (assessment.ConversationRating ?? 0) + (metrics.FirstAgentResponseMinutes ?? 0) + (assessment.CategoryVerdicts?.Count ?? 0);
        }

        watch.Stop();
        GC.KeepAlive(checksum);
        return conversations.Count / watch.Elapsed.TotalSeconds;
    }
}
