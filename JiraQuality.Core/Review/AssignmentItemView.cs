using JiraQuality.Core.Identity;
using JiraQuality.Core.Reporting.ConversationQueries;
using JiraQuality.Core.Scoring.Processing;
using JiraQuality.Core.Storage;
using Microsoft.EntityFrameworkCore;

namespace JiraQuality.Core.Review;

public sealed record AssignmentItemView(string IssueKey, bool Reviewed);
