namespace JiraQuality.Core.Review;

/// <summary>The AI–human agreement of one period over every category with an AI score: pairs, exact and within-one shares.</summary>
public sealed record AgreementPeriod(DateTime FromUtc, DateTime ToUtc, int Pairs, double? ExactAgreement, double? WithinOne);
