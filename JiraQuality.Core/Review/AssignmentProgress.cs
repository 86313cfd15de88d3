using JiraQuality.Core.Identity;
using JiraQuality.Core.Reporting.ConversationQueries;
using JiraQuality.Core.Scoring.Processing;
using JiraQuality.Core.Storage;
using Microsoft.EntityFrameworkCore;

namespace JiraQuality.Core.Review;

public sealed record AssignmentProgress(Guid Id, string Name, string ReviewerEmail, string Sampling, string CreatedBy, DateTime CreatedAtUtc, IReadOnlyList<AssignmentItemView> Items)
{
    public int Done => Items.Count(i => i.Reviewed);
    public int Total => Items.Count;
}
