using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace JiraQuality.Core.Review;

internal sealed class ScorecardVersionConfiguration : IEntityTypeConfiguration<ScorecardVersion>
{
    public void Configure(EntityTypeBuilder<ScorecardVersion> e)
    {
        e.ToTable("review_scorecards");
        e.HasKey(x => x.Version);
        e.Property(x => x.Version).ValueGeneratedNever();
        e.Property(x => x.CreatedBy).HasMaxLength(256);
    }
}

internal sealed class ConversationReviewConfiguration : IEntityTypeConfiguration<ConversationReview>
{
    public void Configure(EntityTypeBuilder<ConversationReview> e)
    {
        e.ToTable("reviews");
        e.HasKey(x => x.Id);
        e.Property(x => x.IssueKey).HasMaxLength(100);
        e.Property(x => x.ReviewerId).HasMaxLength(450);
        e.Property(x => x.ReviewerEmail).HasMaxLength(256);
        e.Property(x => x.Context).HasMaxLength(64);
        e.Property(x => x.Source).HasMaxLength(20);

        // One review per reviewer and conversation (per calibration session): saving again edits it, re-importing finds it.
        e.HasIndex(x => new { x.IssueKey, x.ReviewerId, x.Context }).IsUnique();
        e.HasIndex(x => x.CreatedAtUtc);
        e.HasIndex(x => x.ReviewerId);
        e.HasMany(x => x.Scores).WithOne().HasForeignKey(x => x.ReviewId).OnDelete(DeleteBehavior.Cascade);
        e.HasMany(x => x.Comments).WithOne().HasForeignKey(x => x.ReviewId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ReviewCommentConfiguration : IEntityTypeConfiguration<ReviewComment>
{
    public void Configure(EntityTypeBuilder<ReviewComment> e)
    {
        e.ToTable("review_comments");
        e.HasKey(x => x.Id);
        e.Property(x => x.Text).HasMaxLength(ReviewService.MaxCommentLength);
        e.HasIndex(x => x.ReviewId);
    }
}

internal sealed class ReviewScoreConfiguration : IEntityTypeConfiguration<ReviewScore>
{
    public void Configure(EntityTypeBuilder<ReviewScore> e)
    {
        e.ToTable("review_scores");
        e.HasKey(x => new { x.ReviewId, x.Category });
        e.Property(x => x.Category).HasMaxLength(64);
        e.HasIndex(x => x.Category);
    }
}

internal sealed class ScoreDisputeConfiguration : IEntityTypeConfiguration<ScoreDispute>
{
    public void Configure(EntityTypeBuilder<ScoreDispute> e)
    {
        e.ToTable("review_disputes");
        e.HasKey(x => x.Id);
        e.Property(x => x.IssueKey).HasMaxLength(100);
        e.Property(x => x.Category).HasMaxLength(64);
        e.Property(x => x.State).HasMaxLength(20);
        e.HasIndex(x => new { x.State, x.OpenedAtUtc });
        e.HasIndex(x => x.IssueKey);
    }
}

internal sealed class ScoreDisputeEventConfiguration : IEntityTypeConfiguration<ScoreDisputeEvent>
{
    public void Configure(EntityTypeBuilder<ScoreDisputeEvent> e)
    {
        e.ToTable("review_dispute_events");
        e.HasKey(x => x.Id);
        e.HasIndex(x => x.DisputeId);
        e.HasOne<ScoreDispute>().WithMany().HasForeignKey(x => x.DisputeId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ReviewAssignmentConfiguration : IEntityTypeConfiguration<ReviewAssignment>
{
    public void Configure(EntityTypeBuilder<ReviewAssignment> e)
    {
        e.ToTable("review_assignments");
        e.HasKey(x => x.Id);
        e.Property(x => x.ReviewerId).HasMaxLength(450);
        e.HasIndex(x => x.ReviewerId);
        e.HasMany(x => x.Items).WithOne().HasForeignKey(x => x.AssignmentId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ReviewAssignmentItemConfiguration : IEntityTypeConfiguration<ReviewAssignmentItem>
{
    public void Configure(EntityTypeBuilder<ReviewAssignmentItem> e)
    {
        e.ToTable("review_assignment_items");
        e.HasKey(x => new { x.AssignmentId, x.IssueKey });
        e.Property(x => x.IssueKey).HasMaxLength(100);
    }
}

internal sealed class CalibrationSessionConfiguration : IEntityTypeConfiguration<CalibrationSession>
{
    public void Configure(EntityTypeBuilder<CalibrationSession> e)
    {
        e.ToTable("review_calibration_sessions");
        e.HasKey(x => x.Id);
        e.HasIndex(x => x.CreatedAtUtc);
    }
}
