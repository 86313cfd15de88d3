using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using JiraQuality.Core.Scoring.Processing;

namespace JiraQuality.Core.Alerts;

/// <summary>The alerts module's part of the data model.</summary>
public static class AlertsModel
{
    public static void Configure(ModelBuilder modelBuilder)
    {
        modelBuilder.ApplyConfiguration(new AlertDeliveryConfiguration());
        modelBuilder.ApplyConfiguration(new AlertCheckpointConfiguration());
        modelBuilder.ApplyConfiguration(new StoredAlertChannelConfiguration());
        modelBuilder.ApplyConfiguration(new StoredAlertRuleConfiguration());

        // Evaluation reads the conversations stored since its watermark (processed time) on every pass.
        modelBuilder.Entity<ProcessedConversation>().HasIndex(x => x.ProcessedAtUtc);
    }
}
