namespace JiraQuality.Core.Reporting;

/// <summary>
/// The attribute filters shared by the dashboard, the conversation list, the API and the exports.
/// Every value is optional; an empty filter keeps every row of the window.
/// </summary>
public sealed record MetricsFilter
{
    public const string UnassignedHub = "Unassigned";
    public const string UnspecifiedReason = "Unspecified";
    public const string NeutralSentiment = "Neutral";

    /// <summary>The <see cref="Csat"/> value that selects every conversation with a CSAT rating, whatever its stars.</summary>
    public const string AnyCsat = "any";

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

    /// <summary>
    /// Jira Service Management CSAT: "1" to "5" select that many stars, <see cref="AnyCsat"/> every rated conversation.
    /// </summary>
    public string? Csat { get; init; }

    /// <summary>Whether any JSM SLA cycle breached: true breached, false measured and met (unmeasured rows match neither).</summary>
    public bool? SlaBreached { get; init; }

    /// <summary>The CSAT stars <see cref="Csat"/> selects, or null for none or <see cref="AnyCsat"/>.</summary>
    public int? CsatRating => Csat is { Length: 1 } value && value[0] is >= '1' and <= '5' ? value[0] - '0' : null;

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
        public const string Csat = "csat";
        public const string SlaBreached = "sla_breached";
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
            Csat = ParseCsat(get(Keys.Csat)),
            SlaBreached = ParseBool(get(Keys.SlaBreached)),
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
        [Keys.Csat] = Csat,
        [Keys.SlaBreached] = SlaBreached is null ? null : SlaBreached.Value ? "true" : "false",
    };

    private static string? Clean(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    /// <summary>"1"–"5" or <see cref="AnyCsat"/> (any case); anything else means "no filter", as for the other values.</summary>
    public static string? ParseCsat(string? value) => value?.Trim().ToLowerInvariant() switch
    {
        "1" or "2" or "3" or "4" or "5" => value.Trim(),
        AnyCsat => AnyCsat,
        _ => null,
    };

    private static bool? ParseBool(string? value) => value?.Trim().ToLowerInvariant() switch
    {
        "true" or "yes" or "1" => true,
        "false" or "no" or "0" => false,
        _ => null,
    };
}
