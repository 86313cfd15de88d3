using JiraQuality.Core.Reporting.ConversationQueries;
using JiraQuality.Core.Storage;
using Microsoft.EntityFrameworkCore;

namespace JiraQuality.Core.Review;

public sealed record QualityReport(IReadOnlyList<QualityRow> Agents, IReadOnlyList<QualityRow> Teams);
