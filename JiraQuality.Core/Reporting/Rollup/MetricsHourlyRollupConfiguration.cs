using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace JiraQuality.Core.Reporting.Rollup;

/// <summary>Table <c>metrics_hourly_rollups</c>: one row per dimension value and hour.</summary>
internal sealed class MetricsHourlyRollupConfiguration : IEntityTypeConfiguration<MetricsHourlyRollup>
{
    public void Configure(EntityTypeBuilder<MetricsHourlyRollup> e)
    {
        e.ToTable("metrics_hourly_rollups");
        e.HasKey(x => new { x.Dimension, x.HourUtc, x.Value });
        e.HasIndex(x => x.HourUtc);
    }
}
