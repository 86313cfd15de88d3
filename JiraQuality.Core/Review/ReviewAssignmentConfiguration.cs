using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace JiraQuality.Core.Review;

/// <summary>Table <c>review_assignments</c>.</summary>
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
