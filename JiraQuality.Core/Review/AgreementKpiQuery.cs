namespace JiraQuality.Core.Review;

/// <summary>
/// Computes <see cref="AgreementKpi"/> from <see cref="AgreementQuery"/>: each category's exact agreement weighted by its
/// pairs, i.e. the exact share of all pairs together. Reviews count by the time they were saved, as on the agreement page.
/// </summary>
public sealed class AgreementKpiQuery(AgreementQuery agreement, TimeProvider time)
{
    /// <param name="asOfUtc">End of the current period (now when null), so an anchored dashboard shows that day's figure.</param>
    /// <param name="allowedHubs">The user's hubs (<see cref="Identity.HubScope"/>); null for every hub.</param>
    public async Task<AgreementKpi> GetAsync(DateTime? asOfUtc, string? allowedHubs, CancellationToken cancellationToken = default)
    {
        var asOf = asOfUtc is { } value ? DateTime.SpecifyKind(value.ToUniversalTime(), DateTimeKind.Utc) : time.GetUtcNow().UtcDateTime;
        var from = asOf - AgreementKpi.Period;
        var before = from - AgreementKpi.Period;
        var current = await PeriodAsync(from, asOf, allowedHubs, cancellationToken);
        var previous = await PeriodAsync(before, from, allowedHubs, cancellationToken);
        return new AgreementKpi(current, previous);
    }

    private async Task<AgreementPeriod> PeriodAsync(DateTime fromUtc, DateTime toUtc, string? allowedHubs, CancellationToken cancellationToken)
    {
        var report = await agreement.GetAsync(fromUtc, toUtc, cancellationToken, allowedHubs);
        var counted = report.Categories.Where(c => c.Pairs > 0).ToList();
        var pairs = counted.Sum(c => c.Pairs);
        double? Pooled(Func<CategoryAgreement, double?> share) =>
            pairs == 0 ? null : counted.Sum(c => (share(c) ?? 0) * c.Pairs) / pairs;
        return new AgreementPeriod(fromUtc, toUtc, pairs, Pooled(c => c.ExactAgreement), Pooled(c => c.WithinOne));
    }
}
