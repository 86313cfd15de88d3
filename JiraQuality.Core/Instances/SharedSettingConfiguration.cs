using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace JiraQuality.Core.Instances;

/// <summary>Table <c>shared_settings</c>.</summary>
internal sealed class SharedSettingConfiguration : IEntityTypeConfiguration<SharedSetting>
{
    public void Configure(EntityTypeBuilder<SharedSetting> e)
    {
        e.ToTable("shared_settings");
        e.HasKey(x => x.Name);
    }
}
