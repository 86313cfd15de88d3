using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace JiraQuality.Core.Review;

/// <summary>Table <c>review_dispute_events</c>.</summary>
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
