namespace JiraQuality.Core.Metrics;

/// <summary>
/// The attribute filters shared by the dashboard, the conversation list, the API and the exports.
/// Every value is optional; an empty filter keeps every row of the window.
/// </summary>
public sealed record MetricsFilter
{
    public const string UnassignedHub = "Unassigned";
    public const string UnspecifiedReason = "Unspecified";
    public const string NeutralSentiment = "Neutral";

    /// <summary>Primary agent (the one who wrote most public replies).</summary>
    public string? Agent { get; init; }

    /// <summary>Tier of the primary agent as stored (Tier1, Tier2, NonAgent).</summary>
    public string? Tier { get; init; }

    /// <summary>Hub or team; <see cref="UnassignedHub"/> selects rows without one.</summary>
    public string? Hub { get; init; }

    public string? Status { get; init; }

    /// <summary>Scored contact reason, else the agent's reason, else <see cref="UnspecifiedReason"/>.</summary>
    public string? ContactReason { get; init; }

    public bool? Resolved { get; init; }

    /// <summary>Primary customer sentiment; <see cref="NeutralSentiment"/> includes rows without one.</summary>
    public string? Sentiment { get; init; }

    /// <summary>Case-insensitive part of an issue key.</summary>
    public string? Search { get; init; }

    /// <summary>
    /// The hubs the asking user may see (<see cref="Identity.HubScope"/>, normalised, comma separated); null means every hub.
    /// Set from the user, never from a URL, and applied on top of every other filter by every list, KPI and export.
    /// </summary>
    public string? AllowedHubs { get; init; }

    public static MetricsFilter None { get; } = new();

    public bool IsEmpty => this == None;

    /// <summary>Query-string names, shared by the pages and the API so a view's URL works in both.</summary>
    public static class Keys
    {
        public const string Agent = "agent";
        public const string Tier = "tier";
        public const string Hub = "hub";
        public const string Status = "status";
        public const string ContactReason = "reason";
        public const string Resolved = "resolved";
        public const string Sentiment = "sentiment";
        public const string Search = "q";
    }

    /// <summary>Reads a filter from query values; blank values mean "no filter".</summary>
    public static MetricsFilter FromQuery(Func<string, string?> get)
    {
        return new MetricsFilter
        {
            Agent = Clean(get(Keys.Agent)),
            Tier = Clean(get(Keys.Tier)),
            Hub = Clean(get(Keys.Hub)),
            Status = Clean(get(Keys.Status)),
            ContactReason = Clean(get(Keys.ContactReason)),
            Resolved = ParseBool(get(Keys.Resolved)),
            Sentiment = Clean(get(Keys.Sentiment)),
            Search = Clean(get(Keys.Search)),
        };
    }

    /// <summary>The filter as query values; null for the ones not set (so they drop out of a URL).</summary>
    public IReadOnlyDictionary<string, object?> ToQuery() => new Dictionary<string, object?>
    {
        [Keys.Agent] = Agent,
        [Keys.Tier] = Tier,
        [Keys.Hub] = Hub,
        [Keys.Status] = Status,
        [Keys.ContactReason] = ContactReason,
        [Keys.Resolved] = Resolved is null ? null : Resolved.Value ? "true" : "false",
        [Keys.Sentiment] = Sentiment,
        [Keys.Search] = Search,
    };

    private static string? Clean(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static bool? ParseBool(string? value) => value?.Trim().ToLowerInvariant() switch
    {
        "true" or "yes" or "1" => true,
        "false" or "no" or "0" => false,
        _ => null,
    };
}
