namespace JiraQuality.Core.Reporting.Dashboard;

public sealed record ContactReasonPanel(IReadOnlyList<ContactReasonRow> Top, long Total, long Misclassified, long ReasonVerdicts)
{
    public double? MisclassificationRate => ReasonVerdicts == 0 ? null : (double)Misclassified / ReasonVerdicts;
}
