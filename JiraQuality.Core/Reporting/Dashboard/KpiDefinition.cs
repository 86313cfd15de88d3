using JiraQuality.Core.Reporting.ConversationQueries;

namespace JiraQuality.Core.Reporting.Dashboard;

/// <summary>How one KPI is named, shown and judged, and which conversations stand behind it.</summary>
public sealed record KpiDefinition(KpiId Id, string Code, string Title, KpiFormat Format, GoodDirection Good, ConversationFocus Focus, string Description);
