namespace JiraQuality.Core.Reporting.Dashboard;

/// <summary>
/// A contact reason's volume in the window and the previous period, and how often the scorer corrected the
/// agent's reason (of the conversations where it gave a verdict).
/// </summary>
public sealed record ContactReasonRow(string Reason, long Count, double Percent, long PreviousCount, long Misclassified, long ReasonVerdicts)
{
    public double? MisclassificationRate => ReasonVerdicts == 0 ? null : (double)Misclassified / ReasonVerdicts;
}
