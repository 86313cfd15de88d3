namespace JiraQuality.Web.Features.Conversations;

/// <summary>One JSM SLA goal as synced: whether any cycle breached, the time spent and the number of cycles.</summary>
public sealed record ServiceDeskSla(string Name, bool Breached, double? ElapsedMinutes, int? Cycles);
