using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace JiraQuality.Core.Review;

/// <summary>Table <c>review_calibration_sessions</c>.</summary>
internal sealed class CalibrationSessionConfiguration : IEntityTypeConfiguration<CalibrationSession>
{
    public void Configure(EntityTypeBuilder<CalibrationSession> e)
    {
        e.ToTable("review_calibration_sessions");
        e.HasKey(x => x.Id);
        e.HasIndex(x => x.CreatedAtUtc);
    }
}
