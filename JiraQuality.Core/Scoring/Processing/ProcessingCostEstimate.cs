using System.Globalization;

namespace JiraQuality.Core.Scoring.Processing;

/// <summary>What starting processing now would cost, for the confirmation the pages ask before spending money.</summary>
public sealed record ProcessingCostEstimate(bool UsesLlm, string Model, int Conversations, double? PerConversationUsd, string Basis)
{
    public double? TotalUsd => PerConversationUsd * Conversations;

    public string Describe()
    {
        if (!UsesLlm)
        {
            return "No cost: heuristic scorer (no external service is called).";
        }

        var count = Conversations.ToString("N0", CultureInfo.InvariantCulture);
        return TotalUsd is { } total
            ? $"Estimated cost: {Usd(total)} for {count} conversation(s) scored by {Model} ({Basis})."
            : $"{count} conversation(s) would be scored by {Model}. {Basis}";
    }

    private static string Usd(double value) => value.ToString(value < 0.01 && value > 0 ? "$0.000000" : "$#,##0.00", CultureInfo.InvariantCulture);
}
