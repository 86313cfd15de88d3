namespace JiraQuality.Core.Jobs;

/// <summary>Which stored jobs a list shows.</summary>
public sealed record JobListFilter(string? State = null, string? Kind = null, int Take = 100);
