using JiraQuality.Core.Scoring.Processing;


namespace JiraQuality.Core.Reporting.ConversationQueries;

/// <summary>
/// The one definition of which processed conversations a window, a filter and a focus select, shared by
/// every aggregate and list so that a KPI and its drill-down always agree.
/// </summary>
public static class ConversationQueryable
{
    /// <summary>Rows whose reference time (conversation end, else start; a stored, indexed column) lies in [from, to].</summary>
    public static IQueryable<ProcessedConversation> InRange(this IQueryable<ProcessedConversation> rows, DateTime fromUtc, DateTime toUtc) =>
        rows.Where(x => x.ReferenceUtc >= fromUtc && x.ReferenceUtc <= toUtc);

    /// <summary>
    /// The same range written so that no index can serve it. SQLite has no range statistics and always walks an
    /// index for a range, which for a range holding most of the table is several times slower than reading the
    /// table once; callers use this form only when the range covers a large share of the data.
    /// </summary>
    public static IQueryable<ProcessedConversation> InRangeByScan(this IQueryable<ProcessedConversation> rows, DateTime fromUtc, DateTime toUtc) =>
        rows.Where(x => (x.ReferenceUtc ?? x.ConversationStartUtc) >= fromUtc && (x.ReferenceUtc ?? x.ConversationStartUtc) <= toUtc);

    public static IQueryable<ProcessedConversation> Filtered(this IQueryable<ProcessedConversation> rows, MetricsFilter filter)
    {
        rows = rows.InHubs(filter.AllowedHubs);
        if (filter.Agent is { } agent)
        {
            rows = rows.Where(x => x.PrimaryAgent == agent);
        }

        if (filter.Tier is { } tier)
        {
            rows = rows.Where(x => x.PrimaryAgentTier == tier);
        }

        if (filter.Hub is { } hub)
        {
            rows = hub == MetricsFilter.UnassignedHub
                ? rows.Where(x => x.Hub == null || x.Hub == "" || x.Hub == MetricsFilter.UnassignedHub)
                : rows.Where(x => x.Hub == hub);
        }

        if (filter.Status is { } status)
        {
            rows = rows.Where(x => x.Status == status);
        }

        if (filter.ContactReason is { } reason)
        {
            rows = reason == MetricsFilter.UnspecifiedReason
                ? rows.Where(x => (x.ContactReason == null || x.ContactReason == "") && (x.ContactReasonOriginal == null || x.ContactReasonOriginal == ""))
                : rows.Where(x => x.ContactReason == reason || ((x.ContactReason == null || x.ContactReason == "") && x.ContactReasonOriginal == reason));
        }

        if (filter.Resolved is { } resolved)
        {
            rows = rows.Where(x => x.Resolved == resolved);
        }

        if (filter.Sentiment is { } sentiment)
        {
            rows = sentiment == MetricsFilter.NeutralSentiment
                ? rows.Where(x => x.SentimentPrimary == null || x.SentimentPrimary == "" || x.SentimentPrimary == sentiment)
                : rows.Where(x => x.SentimentPrimary == sentiment);
        }

        if (filter.CsatRating is { } stars)
        {
            rows = rows.Where(x => x.JsmCsatRating == stars);
        }
        else if (filter.Csat == MetricsFilter.AnyCsat)
        {
            rows = rows.Where(x => x.JsmCsatRating != null);
        }

        if (filter.SlaBreached is { } breached)
        {
            rows = rows.Where(x => x.JsmSlaBreached == breached);
        }

        if (IssueKeySearch.Keys(filter.Search) is { } keys)
        {
            // Whole keys match exactly (the key is the primary key), as typed or upper-cased; one key is also still a
            // part of longer keys ("Z-4" finds XYZ-4 and XYZ-41), as any other search is.
            var candidates = IssueKeySearch.Candidates(filter.Search!);
            if (keys.Count == 1)
            {
                var term = keys[0];
                rows = rows.Where(x => candidates.Contains(x.IssueKey) || x.IssueKey.ToUpper().Contains(term));
            }
            else
            {
                rows = rows.Where(x => candidates.Contains(x.IssueKey));
            }
        }
        else if (filter.Search is { } search)
        {
            var term = search.ToUpperInvariant();
            rows = rows.Where(x => x.IssueKey.ToUpper().Contains(term));
        }

        return rows;
    }

    /// <summary>
    /// Only the rows of the allowed hubs (<see cref="Identity.HubScope"/>); null keeps every hub. The one place the rule
    /// is written, for scored and for pending conversations alike.
    /// </summary>
    public static IQueryable<T> InHubs<T>(this IQueryable<T> rows, string? allowedHubs)
        where T : class, Identity.IHubScoped
    {
        if (allowedHubs is null)
        {
            return rows;
        }

        var hubs = Identity.HubScope.Parse(allowedHubs).ToList();
        return hubs.Contains(MetricsFilter.UnassignedHub)
            ? rows.Where(x => x.Hub == null || x.Hub == "" || hubs.Contains(x.Hub))
            : rows.Where(x => x.Hub != null && hubs.Contains(x.Hub));
    }

    public static IQueryable<ProcessedConversation> Focused(this IQueryable<ProcessedConversation> rows, ConversationFocus focus) => focus switch
    {
        ConversationFocus.Scored => rows.Where(x => x.ConversationScore != null),
        ConversationFocus.AgentScored => rows.Where(x => x.AgentScore != null),
        ConversationFocus.CustomerScored => rows.Where(x => x.CustomerScore != null),
        ConversationFocus.Resolved => rows.Where(x => x.Resolved == true),
        ConversationFocus.Unresolved => rows.Where(x => x.Resolved == false),
        ConversationFocus.FirstResponse => rows.Where(x => x.FirstAgentResponseMinutes != null),
        ConversationFocus.Sla5mMissed => rows.Where(x => x.InitialResponseSla5m == false),
        ConversationFocus.Sla15mMissed => rows.Where(x => x.InitialResponseSla15m == false),
        ConversationFocus.ResolutionTime => rows.Where(x => x.DurationToResolutionMinutes != null),
        ConversationFocus.Escalated => rows.Where(x => x.EscalatedTier1ToTier2),
        ConversationFocus.HandedOver => rows.Where(x => x.HandedOverFromTier1),
        ConversationFocus.AbusiveCustomer => rows.Where(x => x.CustomerAbuseDetected),
        ConversationFocus.ProfaneAgent => rows.Where(x => x.AgentProfanityDetected),
        ConversationFocus.Costed => rows.Where(x => x.CostUsd != null),
        ConversationFocus.Misclassified => rows.Where(x => x.ContactReasonChanged == true),
        _ => rows,
    };
}
