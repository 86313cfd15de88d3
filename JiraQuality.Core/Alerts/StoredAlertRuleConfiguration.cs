using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace JiraQuality.Core.Alerts;

/// <summary>Table <c>alert_rules</c>.</summary>
internal sealed class StoredAlertRuleConfiguration : IEntityTypeConfiguration<StoredAlertRule>
{
    public void Configure(EntityTypeBuilder<StoredAlertRule> e)
    {
        e.ToTable("alert_rules");
        e.HasKey(x => x.Id);
        e.Property(x => x.Name).HasMaxLength(200);
        e.Property(x => x.RuleId).HasMaxLength(200);
        e.Property(x => x.Kind).HasMaxLength(50);
        e.Property(x => x.Channel).HasMaxLength(100);
        e.Property(x => x.Mode).HasMaxLength(20);
        e.Property(x => x.Hub).HasMaxLength(200);
        e.Property(x => x.Tier).HasMaxLength(50);
        e.Property(x => x.ContactReason).HasMaxLength(200);
        e.Property(x => x.Kpi).HasMaxLength(50);
        e.Property(x => x.Per).HasMaxLength(20);
        e.HasIndex(x => x.RuleId).IsUnique();
    }
}
