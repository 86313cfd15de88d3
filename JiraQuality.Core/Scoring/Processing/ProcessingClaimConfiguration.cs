using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace JiraQuality.Core.Scoring.Processing;

/// <summary>Table <c>processing_claims</c>: which instance scores which ticket.</summary>
internal sealed class ProcessingClaimConfiguration : IEntityTypeConfiguration<ProcessingClaim>
{
    public void Configure(EntityTypeBuilder<ProcessingClaim> e)
    {
        e.ToTable("processing_claims");
        e.HasKey(x => x.IssueKey);
        e.HasIndex(x => x.ClaimedBy);
    }
}
