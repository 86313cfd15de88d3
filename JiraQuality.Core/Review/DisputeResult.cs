using System.Globalization;
using JiraQuality.Core.Reporting.ConversationQueries;
using JiraQuality.Core.Storage;
using Microsoft.EntityFrameworkCore;

namespace JiraQuality.Core.Review;

public sealed record DisputeResult(DisputeView? Dispute, string? Problem)
{
    public bool Succeeded => Dispute is not null;
}
