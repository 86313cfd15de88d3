using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace JiraQuality.Core.Review;

/// <summary>Table <c>review_assignment_items</c>.</summary>
internal sealed class ReviewAssignmentItemConfiguration : IEntityTypeConfiguration<ReviewAssignmentItem>
{
    public void Configure(EntityTypeBuilder<ReviewAssignmentItem> e)
    {
        e.ToTable("review_assignment_items");
        e.HasKey(x => new { x.AssignmentId, x.IssueKey });
        e.Property(x => x.IssueKey).HasMaxLength(100);
    }
}
