namespace JiraQuality.Core.Scoring;

/// <summary>Keyword lists of the heuristic scorer (whole words or phrases, case-insensitive).</summary>
public sealed class HeuristicWordLists
{
    public List<string> PositiveAgent { get; set; } = [];
    public List<string> NegativeAgent { get; set; } = [];
    public List<string> PositiveCustomer { get; set; } = [];
    public List<string> NegativeCustomer { get; set; } = [];
    public List<string> ResolvedCustomer { get; set; } = [];

    /// <summary>Words that open a greeting in an agent reply (scorecard category "greeting").</summary>
    public List<string> Greeting { get; set; } = [];

    /// <summary>Words of a proper close in an agent reply (scorecard category "closing").</summary>
    public List<string> Closing { get; set; } = [];

    /// <summary>Words of an agent thanking the customer (scorecard category "thanking").</summary>
    public List<string> Thanking { get; set; } = [];

    internal static readonly string[] DefaultPositiveAgent =
        ["thanks", "thank you", "apologies", "sorry", "glad", "happy", "resolved", "escalated", "monitor", "follow up", "great news"];

    internal static readonly string[] DefaultNegativeAgent =
        ["can't", "cannot", "unable", "delay", "waiting", "later", "tomorrow"];

    internal static readonly string[] DefaultPositiveCustomer =
        ["thanks", "thank you", "appreciate", "great", "perfect", "good", "awesome", "works"];

    internal static readonly string[] DefaultNegativeCustomer =
        ["broken", "angry", "frustrated", "ridiculous", "awful", "terrible", "slow", "waiting", "took long"];

    internal static readonly string[] DefaultResolvedCustomer =
        ["works", "worked", "working now", "fixed", "solved", "resolved", "sorted", "all good"];

    internal static readonly string[] DefaultGreeting =
        ["hi", "hello", "hey", "dear", "greetings", "good morning", "good afternoon", "good evening", "welcome",
         "thanks for reaching out", "thank you for reaching out", "thanks for contacting", "thank you for contacting"];

    internal static readonly string[] DefaultClosing =
        ["regards", "kind regards", "best regards", "cheers", "take care", "all the best", "have a great day", "have a nice day",
         "have a good day", "have a great weekend", "have a nice weekend", "let me know", "anything else", "feel free",
         "don't hesitate", "do not hesitate", "reach out", "happy to help", "glad to help", "glad i could help",
         "close this ticket", "closing this ticket", "thanks again"];

    internal static readonly string[] DefaultThanking =
        ["thanks", "thank", "thx", "appreciate", "appreciated", "grateful", "many thanks"];

    internal IReadOnlyList<string> Or(List<string> configured, string[] defaults) => configured.Count > 0 ? configured : defaults;
}
