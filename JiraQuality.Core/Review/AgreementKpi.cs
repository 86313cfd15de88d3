namespace JiraQuality.Core.Review;

/// <summary>
/// "AI–human agreement (30 d)": the share of review pairs whose score equals the AI's (rounded as the agreement page
/// rounds), over the 30 days before the as-of instant, beside the 30 days before those.
/// </summary>
public sealed record AgreementKpi(AgreementPeriod Current, AgreementPeriod Previous)
{
    public static readonly TimeSpan Period = TimeSpan.FromDays(30);

    /// <summary>Current minus previous exact agreement (a share: 0.05 is five points); null when either has no pairs.</summary>
    public double? Delta => Current.ExactAgreement is { } now && Previous.ExactAgreement is { } before ? now - before : null;
}
