using JiraQuality.Core.Conversations;


namespace JiraQuality.Core.Scoring.Measures;

/// <summary>
/// Computes <see cref="ConversationMetrics"/> from a conversation whose messages are already in order.
/// Pure: same conversation and settings, same figures.
/// </summary>
/// <remarks>
/// Definitions (metrics version <see cref="ConversationMetrics.Version"/>):
/// <list type="bullet">
/// <item>Internal notes count only in <see cref="ConversationMetrics.MessagesInternal"/>; every other figure
/// reads public messages only.</item>
/// <item>Start and end are the first and last public timestamps of any role; totals count public messages of
/// any role (unknown included); turns count role changes between agent and customer.</item>
/// <item>Agent response: from the first message of an unanswered customer burst to the next agent reply.
/// Customer response is defined the same way the other way round: from the first message of an unanswered
/// agent burst to the next customer reply. Agent messages before any customer message and follow-ups inside a
/// burst add nothing. Messages without a timestamp neither open nor close a burst.</item>
/// <item>A ticket's request (<see cref="Conversation.OpensWithRequest"/>) opens the first customer turn at Created, so
/// first response runs from the request to the first public agent reply, as Jira Service Management's "Time to first
/// response" and Zendesk's "first reply time" define it.</item>
/// <item>First responder: the author of the reply that gave the first agent response.</item>
/// <item>Primary agent: the agent with most public replies; a tie goes to the one who appeared first.</item>
/// <item>Hand-overs: a Tier 1 reply followed later by a Tier 2 reply (T1→T2), or by a reply of any other
/// agent (T1→any).</item>
/// </list>
/// </remarks>
public sealed class MetricsCalculator
{
    private readonly double _slaMinutes;
    private readonly double _extendedSlaMinutes;
    private readonly WordMatcher _agentProfanity;
    private readonly WordMatcher _customerAbuse;

    public MetricsCalculator(ScoringOptions options)
    {
        _slaMinutes = options.FirstResponseSlaMinutes;
        _extendedSlaMinutes = options.FirstResponseExtendedSlaMinutes;
        _agentProfanity = new WordMatcher(options.EffectiveAgentProfanityWords);
        _customerAbuse = new WordMatcher(options.EffectiveCustomerAbuseWords);
    }

    public ConversationMetrics Compute(Conversation conversation)
    {
        DateTime? start = null;
        DateTime? end = null;
        int total = 0, agent = 0, customer = 0, internalNotes = 0, turns = 0;
        var lastSide = MessageRole.Unknown;

        DateTime? pendingCustomer = null;
        DateTime? pendingAgent = null;
        double agentResponseSum = 0, customerResponseSum = 0;
        int agentResponses = 0, customerResponses = 0;
        double? firstResponse = null;
        ConversationMessage? firstResponder = null;
        DateTime? firstResponseFrom = null;

        var agentAuthors = new List<string>();
        var customerAuthors = new List<string>();
        var repliesByAgent = new Dictionary<string, (int Count, int Order, AgentTier Tier)>(StringComparer.Ordinal);
        int profanity = 0, abuse = 0;
        bool tier1Seen = false, escalatedToTier2 = false, handedOver = false;
        var tier1Authors = new HashSet<string>(StringComparer.Ordinal);

        // A ticket's request opens the first customer turn at Created, Description or not ("time to first response").
        if (conversation.OpensWithRequest && conversation.CreatedUtc is { } requested && !AnyPublicBefore(conversation, requested))
        {
            pendingCustomer = requested;
        }

        foreach (var message in conversation.Messages)
        {
            if (message.IsInternal)
            {
                internalNotes++;
                continue;
            }

            total++;
            var ts = message.TimestampUtc;
            if (ts is { } t)
            {
                if (start is null || t < start)
                {
                    start = t;
                }

                if (end is null || t > end)
                {
                    end = t;
                }
            }

            if (message.Role is not (MessageRole.Agent or MessageRole.Customer))
            {
                continue;
            }

            if (lastSide != MessageRole.Unknown && lastSide != message.Role)
            {
                turns++;
            }

            lastSide = message.Role;
            var author = AuthorOf(message);

            if (message.Role == MessageRole.Customer)
            {
                customer++;
                AddDistinct(customerAuthors, author);
                abuse += _customerAbuse.Count(message.Text);
                if (ts is { } customerTs)
                {
                    pendingCustomer ??= customerTs;
                    if (pendingAgent is { } agentSince)
                    {
                        var delta = Minutes(agentSince, customerTs);
                        if (delta >= 0)
                        {
                            customerResponseSum += delta;
                            customerResponses++;
                        }

                        pendingAgent = null;
                    }
                }

                continue;
            }

            agent++;
            AddDistinct(agentAuthors, author);
            profanity += _agentProfanity.Count(message.Text);
            if (author is not null)
            {
                repliesByAgent[author] = repliesByAgent.TryGetValue(author, out var seen)
                    ? (seen.Count + 1, seen.Order, seen.Tier)
                    : (1, repliesByAgent.Count, message.Tier);
            }

            if (tier1Seen)
            {
                escalatedToTier2 |= message.Tier == AgentTier.Tier2;
                handedOver |= author is not null && !tier1Authors.Contains(author);
            }

            if (message.Tier == AgentTier.Tier1)
            {
                tier1Seen = true;
                if (author is not null)
                {
                    tier1Authors.Add(author);
                }
            }

            if (ts is { } agentTs)
            {
                pendingAgent ??= agentTs;
                if (pendingCustomer is { } customerSince)
                {
                    var delta = Minutes(customerSince, agentTs);
                    if (delta >= 0)
                    {
                        agentResponseSum += delta;
                        agentResponses++;
                        if (firstResponse is null)
                        {
                            firstResponse = delta;
                            firstResponder = message;
                            firstResponseFrom = customerSince;
                        }
                    }

                    pendingCustomer = null;
                }
            }
        }

        var primary = repliesByAgent.Count == 0
            ? (KeyValuePair<string, (int Count, int Order, AgentTier Tier)>?)null
            : repliesByAgent.OrderByDescending(p => p.Value.Count).ThenBy(p => p.Value.Order).First();

        return new ConversationMetrics
        {
            ConversationStartUtc = start,
            ConversationEndUtc = end,
            DurationMinutes = start is null || end is null ? null : Minutes(start.Value, end.Value),
            FirstAgentResponseMinutes = firstResponse,
            AvgAgentResponseMinutes = agentResponses == 0 ? null : agentResponseSum / agentResponses,
            AvgCustomerResponseMinutes = customerResponses == 0 ? null : customerResponseSum / customerResponses,
            MessagesTotal = total,
            MessagesAgent = agent,
            MessagesCustomer = customer,
            MessagesInternal = internalNotes,
            Turns = turns,
            AgentAuthors = agentAuthors,
            CustomerAuthors = customerAuthors,
            FirstResponder = firstResponder is null ? null : AuthorOf(firstResponder),
            FirstResponseMessageIndex = firstResponder?.Index,
            FirstResponseFromUtc = firstResponseFrom,
            FirstResponderTier = firstResponder is null ? null : TierName(firstResponder.Tier),
            PrimaryAgent = primary?.Key,
            PrimaryAgentTier = primary is null ? null : TierName(primary.Value.Value.Tier),
            InitialResponseSla5m = firstResponse is null ? null : firstResponse <= _slaMinutes,
            InitialResponseSla15m = firstResponse is null ? null : firstResponse <= _extendedSlaMinutes,
            AgentProfanityCount = profanity,
            CustomerAbuseCount = abuse,
            EscalatedTier1ToTier2 = escalatedToTier2,
            HandedOverFromTier1 = handedOver,
        };
    }

    public static string? TierName(AgentTier tier) => tier switch
    {
        AgentTier.Tier1 => "TIER1",
        AgentTier.Tier2 => "TIER2",
        AgentTier.NonAgent => "NON_AGENT",
        _ => null,
    };

    private static string? AuthorOf(ConversationMessage message) =>
        !string.IsNullOrWhiteSpace(message.AuthorId) ? message.AuthorId
        : !string.IsNullOrWhiteSpace(message.AuthorName) ? message.AuthorName
        : null;

    /// <summary>A public message stamped before Created means the dates disagree; the thread's own order is then trusted.</summary>
    private static bool AnyPublicBefore(Conversation conversation, DateTime instant) =>
        conversation.Messages.Any(m => !m.IsInternal && m.TimestampUtc is { } t && t < instant);

    private static void AddDistinct(List<string> authors, string? author)
    {
        if (author is not null && !authors.Contains(author, StringComparer.Ordinal))
        {
            authors.Add(author);
        }
    }

    private static double Minutes(DateTime earlier, DateTime later) => (later - earlier).TotalSeconds / 60d;
}
