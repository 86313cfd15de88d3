namespace JiraQuality.Core.Scoring.Measures;

/// <summary>A first-response target on the thread's timeline: when the reply was due and whether it came in time.</summary>
public sealed record SlaMarker(double Minutes, DateTime DueUtc, bool Met);
