using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace JiraQuality.Core.Instances;

/// <summary>Table <c>stored_uploads</c>.</summary>
internal sealed class StoredUploadConfiguration : IEntityTypeConfiguration<StoredUpload>
{
    public void Configure(EntityTypeBuilder<StoredUpload> e)
    {
        e.ToTable("stored_uploads");
        e.HasKey(x => x.Id);
        e.HasIndex(x => x.CreatedAtUtc);
    }
}
