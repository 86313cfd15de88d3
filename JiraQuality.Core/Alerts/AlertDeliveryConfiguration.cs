using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace JiraQuality.Core.Alerts;

/// <summary>Table <c>alert_deliveries</c>.</summary>
internal sealed class AlertDeliveryConfiguration : IEntityTypeConfiguration<AlertDelivery>
{
    public void Configure(EntityTypeBuilder<AlertDelivery> e)
    {
        e.ToTable("alert_deliveries");
        e.HasKey(x => x.Id);
        e.Property(x => x.RuleId).HasMaxLength(200);
        e.Property(x => x.RuleKind).HasMaxLength(50);
        e.Property(x => x.Subject).HasMaxLength(200);
        e.Property(x => x.Channel).HasMaxLength(200);
        e.Property(x => x.State).HasMaxLength(20);

        // One alert per rule and conversation (or period), ever: re-processing never alerts twice.
        e.HasIndex(x => new { x.RuleId, x.Subject }).IsUnique();
        e.HasIndex(x => new { x.State, x.NextAttemptAtUtc });
        e.HasIndex(x => x.CreatedAtUtc);
        e.HasIndex(x => x.DigestId);
    }
}
