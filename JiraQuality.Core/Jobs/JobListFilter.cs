using System.Text.Json;
using JiraQuality.Core.Storage;
using Microsoft.EntityFrameworkCore;

namespace JiraQuality.Core.Jobs;

/// <summary>Which stored jobs a list shows.</summary>
public sealed record JobListFilter(string? State = null, string? Kind = null, int Take = 100);
