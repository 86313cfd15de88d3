using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace JiraQuality.Core.Review;

/// <summary>The review module's part of the data model.</summary>
public static class ReviewModel
{
    public static void Configure(ModelBuilder modelBuilder)
    {
        modelBuilder.ApplyConfiguration(new ScorecardVersionConfiguration());
        modelBuilder.ApplyConfiguration(new ConversationReviewConfiguration());
        modelBuilder.ApplyConfiguration(new ReviewScoreConfiguration());
        modelBuilder.ApplyConfiguration(new ReviewCommentConfiguration());
        modelBuilder.ApplyConfiguration(new ScoreDisputeConfiguration());
        modelBuilder.ApplyConfiguration(new ScoreDisputeEventConfiguration());
        modelBuilder.ApplyConfiguration(new ReviewAssignmentConfiguration());
        modelBuilder.ApplyConfiguration(new ReviewAssignmentItemConfiguration());
        modelBuilder.ApplyConfiguration(new CalibrationSessionConfiguration());
    }
}
