using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace JiraQuality.Core.Alerts;

/// <summary>Table <c>alert_checkpoints</c>.</summary>
internal sealed class AlertCheckpointConfiguration : IEntityTypeConfiguration<AlertCheckpoint>
{
    public void Configure(EntityTypeBuilder<AlertCheckpoint> e)
    {
        e.ToTable("alert_checkpoints");
        e.HasKey(x => x.Name);
    }
}
