using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace JiraQuality.Core.Review;

/// <summary>Table <c>reviews</c>.</summary>
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
