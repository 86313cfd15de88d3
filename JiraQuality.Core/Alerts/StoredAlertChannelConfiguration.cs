using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace JiraQuality.Core.Alerts;

/// <summary>Table <c>alert_channels</c>.</summary>
internal sealed class StoredAlertChannelConfiguration : IEntityTypeConfiguration<StoredAlertChannel>
{
    public void Configure(EntityTypeBuilder<StoredAlertChannel> e)
    {
        e.ToTable("alert_channels");
        e.HasKey(x => x.Id);
        e.Property(x => x.Name).HasMaxLength(100);
        e.Property(x => x.NameKey).HasMaxLength(100);
        e.Property(x => x.Kind).HasMaxLength(20);
        e.Property(x => x.Url).HasMaxLength(2000);
        e.Property(x => x.Secret).HasMaxLength(500);
        e.Property(x => x.To).HasMaxLength(2000);
        e.HasIndex(x => x.NameKey).IsUnique();
    }
}
