using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace JiraQuality.Core.Scoring.Processing;

/// <summary>Table <c>scoring_failures</c>.</summary>
internal sealed class ScoringFailureConfiguration : IEntityTypeConfiguration<ScoringFailure>
{
    public void Configure(EntityTypeBuilder<ScoringFailure> e)
    {
        e.ToTable("scoring_failures");
        e.HasKey(x => x.IssueKey);
    }
}
