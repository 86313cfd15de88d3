using JiraQuality.Core.Scoring.Processing;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace JiraQuality.Core.Alerts;

/// <summary>
/// The index alerts need on scoring's table: evaluation reads the conversations stored since its watermark (processed
/// time) on every pass. Owned here because only alerts read that way.
/// </summary>
internal sealed class AlertEvaluationIndexConfiguration : IEntityTypeConfiguration<ProcessedConversation>
{
    public void Configure(EntityTypeBuilder<ProcessedConversation> e) => e.HasIndex(x => x.ProcessedAtUtc);
}
