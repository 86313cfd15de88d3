using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace JiraQuality.Core.Review;

/// <summary>Table <c>review_disputes</c>.</summary>
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
