using JiraQuality.Core.Reporting.ConversationQueries;
using JiraQuality.Core.Storage;
using Microsoft.EntityFrameworkCore;

namespace JiraQuality.Core.Reporting.Dashboard;

/// <summary>The customers with the most abusive conversations in one view, each with their latest tickets.</summary>
internal static class AbusiveCustomersQuery
{
    private const int IssueKeysPerAbusiveCustomer = 10;

    public static async Task<IReadOnlyList<AbusiveCustomer>> ReadAsync(JiraQualityDbContext db, RangePlanner plan, MetricsOptions options, DateTime from, DateTime asOf, MetricsFilter filter, CancellationToken cancellationToken)
    {
        var abusive = plan.Rows(db, from, asOf)
            .Filtered(filter)
            .Where(x => x.CustomerAbuseDetected && x.Reporter != null && x.Reporter != "");
        var top = await abusive
            .GroupBy(x => x.Reporter!)
            .Select(g => new
            {
                Customer = g.Key,
                Count = g.LongCount(),
                Hits = g.Sum(x => (long)x.CustomerAbuseCount),
                ScoreSum = g.Sum(x => x.CustomerScore ?? 0),
                ScoreN = g.LongCount(x => x.CustomerScore != null),
            })
            .OrderByDescending(x => x.Count)
            .ThenByDescending(x => x.Hits)
            .ThenBy(x => x.Customer)
            .Take(options.AbusiveCustomersLimit)
            .ToListAsync(cancellationToken);
        if (top.Count == 0)
        {
            return [];
        }

        // Each customer's latest tickets on their own: one shared limit would let the busiest customer take every slot.
        var customers = new List<AbusiveCustomer>(top.Count);
        foreach (var t in top)
        {
            var keys = await abusive
                .Where(x => x.Reporter == t.Customer)
                .OrderByDescending(x => x.ReferenceUtc)
                .ThenByDescending(x => x.IssueKey)
                .Select(x => x.IssueKey)
                .Take(IssueKeysPerAbusiveCustomer)
                .ToListAsync(cancellationToken);
            // Shown to every role: a customer known by an e-mail address or a phone number shows as its placeholder.
            customers.Add(new AbusiveCustomer(Identity.PersonalDataRedaction.Text(t.Customer)!, t.Count, t.Hits, Accumulated.Mean(t.ScoreSum, t.ScoreN), keys));
        }

        return customers;
    }
}
