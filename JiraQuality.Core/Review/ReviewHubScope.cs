using JiraQuality.Core.Storage;
using Microsoft.EntityFrameworkCore;

namespace JiraQuality.Core.Review;

/// <summary>The hub scope of review rows: a review counts for a user when its conversation is in one of their hubs.</summary>
public static class ReviewHubScope
{
    /// <summary>
    /// Reviews of conversations in <paramref name="allowedHubs"/> (the one rule, <see cref="Reporting.ConversationQueries.ConversationQueryable.InHubs"/>,
    /// applied to the conversation as it is now); null keeps every review.
    /// </summary>
    public static IQueryable<ConversationReview> InHubsOf(this IQueryable<ConversationReview> reviews, JiraQualityDbContext db, string? allowedHubs)
    {
        if (allowedHubs is null)
        {
            return reviews;
        }

        var conversations = Reporting.ConversationQueries.ConversationQueryable.InHubs(db.ProcessedConversations.AsNoTracking(), allowedHubs);
        return reviews.Where(r => conversations.Any(c => c.IssueKey == r.IssueKey));
    }
}
