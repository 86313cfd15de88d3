using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace JiraQuality.Core.Review;

/// <summary>Table <c>review_comments</c>.</summary>
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
