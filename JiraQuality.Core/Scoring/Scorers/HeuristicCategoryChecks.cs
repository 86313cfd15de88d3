using System.Globalization;
using JiraQuality.Core.Conversations;
using JiraQuality.Core.Review;
using JiraQuality.Core.Scoring.Measures;

namespace JiraQuality.Core.Scoring.Scorers;

/// <summary>
/// The scorecard categories keywords can decide: a greeting opening the first agent reply, a proper close in the last
/// one, and the agent thanking the customer. Pass/fail categories pass or fail; 1–5 categories get 5 when the first
/// (or last) reply does it, 3 when only another reply does, 1 when none does. Every other category is left
/// undecided (N/A). Only public agent replies count; without one, nothing is decided. Reasons are short: they are
/// stored with every conversation.
/// </summary>
public sealed class HeuristicCategoryChecks
{
    /// <summary>Only the opening characters of a reply can greet ("Hi Ana," but not "say hi to the team" further on).</summary>
    public const int GreetingWindow = 32;

    private enum Check
    {
        Greeting,
        Closing,
        Thanking,
    }

    private readonly List<(ScorecardCategory Category, Check Check)> _categories = [];
    private readonly PhraseMatcher _greeting;
    private readonly PhraseMatcher _closing;
    private readonly PhraseMatcher _thanking;
    private readonly (bool Wanted, bool Graded) _greetingWanted;
    private readonly (bool Wanted, bool Graded) _closingWanted;
    private readonly (bool Wanted, bool Graded) _thankingWanted;

    public HeuristicCategoryChecks(ScoringOptions options, IEnumerable<ScorecardCategory>? scorecard)
    {
        foreach (var category in ScorecardScoring.CustomCategories(scorecard))
        {
            if (CheckFor(category) is { } check)
            {
                _categories.Add((category, check));
            }
        }

        var lists = options.Heuristic;
        _greeting = new PhraseMatcher(lists.Or(lists.Greeting, HeuristicWordLists.DefaultGreeting));
        _closing = new PhraseMatcher(lists.Or(lists.Closing, HeuristicWordLists.DefaultClosing));
        _thanking = new PhraseMatcher(lists.Or(lists.Thanking, HeuristicWordLists.DefaultThanking));
        _greetingWanted = Wants(Check.Greeting);
        _closingWanted = Wants(Check.Closing);
        _thankingWanted = Wants(Check.Thanking);
    }

    /// <summary>Whether any category of the scorecard is decided here.</summary>
    public bool Any => _categories.Count > 0;

    /// <summary>Changes when a decided category is added, removed or changes its scale (its wording does not matter here).</summary>
    public string Fingerprint => ScorecardScoring.Fingerprint(_categories.Select(c => new ScorecardCategory { Key = c.Category.Key, Scale = c.Category.Scale }));

    /// <summary>Whether <paramref name="category"/> is one the heuristic decides, by its key or its name.</summary>
    public static bool Decides(ScorecardCategory category) => CheckFor(category) is not null;

    public IReadOnlyDictionary<string, CategoryVerdict>? Score(Conversation conversation)
    {
        if (_categories.Count == 0)
        {
            return null;
        }

        // Only what a verdict needs is matched: later replies are searched for a greeting or an earlier close only
        // for a 1–5 category, where they make the difference between 3 and 1.
        var (wantGreeting, gradedGreeting) = _greetingWanted;
        var (wantClosing, gradedClosing) = _closingWanted;
        var wantThanking = _thankingWanted.Wanted;
        ConversationMessage? first = null, last = null, greetingLater = null, closingEarlier = null, thanks = null;
        var firstGreets = false;
        foreach (var message in conversation.Messages)
        {
            if (message.IsInternal || message.Role != MessageRole.Agent || string.IsNullOrWhiteSpace(message.Text))
            {
                continue;
            }

            if (first is null)
            {
                first = message;
                firstGreets = wantGreeting && _greeting.Matches(Opening(message.Text));
            }
            else if (gradedGreeting && !firstGreets && greetingLater is null && _greeting.Matches(Opening(message.Text)))
            {
                greetingLater = message;
            }

            if (wantThanking && thanks is null && _thanking.Matches(message.Text))
            {
                thanks = message;
            }

            last = message;
        }

        if (first is null || last is null)
        {
            return null;
        }

        var lastCloses = wantClosing && _closing.Matches(last.Text);
        if (gradedClosing && !lastCloses)
        {
            closingEarlier = conversation.Messages.LastOrDefault(m =>
                m.Index < last.Index && !m.IsInternal && m.Role == MessageRole.Agent && !string.IsNullOrWhiteSpace(m.Text) && _closing.Matches(m.Text));
        }

        var verdicts = new Dictionary<string, CategoryVerdict>(StringComparer.Ordinal);
        foreach (var (category, check) in _categories)
        {
            verdicts[category.Key] = check switch
            {
                Check.Greeting => Graded(category, firstGreets, greetingLater is not null,
                    firstGreets ? $"The first reply (message {Number(first)}) greets."
                    : greetingLater is not null ? $"Only a later reply (message {Number(greetingLater)}) greets."
                    : "No reply opens with a greeting."),
                Check.Closing => Graded(category, lastCloses, closingEarlier is not null,
                    lastCloses ? $"The last reply (message {Number(last)}) closes."
                    : closingEarlier is not null ? $"An earlier reply (message {Number(closingEarlier)}) closes, the last does not."
                    : "No reply closes the conversation."),
                _ => Graded(category, thanks is not null, false,
                    thanks is not null ? $"The agent thanks the customer (message {Number(thanks)})."
                    : "The agent never thanks the customer."),
            };
        }

        return verdicts;
    }

    private (bool Wanted, bool Graded) Wants(Check check) => (
        _categories.Any(c => c.Check == check),
        _categories.Any(c => c.Check == check && c.Category.Scale != ScorecardScales.PassFail));

    private static CategoryVerdict Graded(ScorecardCategory category, bool done, bool partly, string reason) =>
        new(category.Scale == ScorecardScales.PassFail
            ? (done ? 1 : 0)
            : done ? 5 : partly ? 3 : 1,
            reason);

    private static string Opening(string text) => text.Length <= GreetingWindow ? text : text[..GreetingWindow];

    private static string Number(ConversationMessage message) => message.Index.ToString(CultureInfo.InvariantCulture);

    private static Check? CheckFor(ScorecardCategory category)
    {
        foreach (var name in new[] { category.Key, category.Name })
        {
            switch (name.Trim().ToLowerInvariant())
            {
                case "greeting" or "greetings":
                    return Check.Greeting;
                case "closing":
                    return Check.Closing;
                case "thanking" or "thanks" or "thank you" or "thanked the customer":
                    return Check.Thanking;
            }
        }

        return null;
    }
}
