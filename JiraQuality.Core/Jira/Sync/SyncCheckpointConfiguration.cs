using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace JiraQuality.Core.Jira.Sync;

/// <summary>Table <c>sync_checkpoints</c>.</summary>
internal sealed class SyncCheckpointConfiguration : IEntityTypeConfiguration<SyncCheckpoint>
{
    public void Configure(EntityTypeBuilder<SyncCheckpoint> e)
    {
        e.ToTable("sync_checkpoints");
        e.HasKey(x => x.Name);
    }
}
