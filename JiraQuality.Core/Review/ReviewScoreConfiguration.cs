using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace JiraQuality.Core.Review;

/// <summary>Table <c>review_scores</c>.</summary>
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
