namespace JiraQuality.Core.Review;

public static class DisputeStates
{
    public const string Open = "open";
    public const string Accepted = "accepted";
    public const string Rejected = "rejected";

    public static readonly IReadOnlyList<string> All = [Open, Accepted, Rejected];
}
