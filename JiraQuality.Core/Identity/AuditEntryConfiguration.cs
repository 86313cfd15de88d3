using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace JiraQuality.Core.Identity;

/// <summary>Table <c>audit_log</c>.</summary>
internal sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> e)
    {
        e.ToTable("audit_log");
        e.HasKey(x => x.Id);
        e.HasIndex(x => x.AtUtc);
        e.HasIndex(x => new { x.Action, x.AtUtc });
        e.Property(x => x.Actor).HasMaxLength(256);
        e.Property(x => x.Action).HasMaxLength(64);
        e.Property(x => x.Target).HasMaxLength(256);
        e.Property(x => x.RemoteAddress).HasMaxLength(64);
    }
}
