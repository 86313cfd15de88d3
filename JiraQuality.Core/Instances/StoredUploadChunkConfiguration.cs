using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace JiraQuality.Core.Instances;

/// <summary>Table <c>stored_upload_chunks</c>: an upload's chunks go with it.</summary>
internal sealed class StoredUploadChunkConfiguration : IEntityTypeConfiguration<StoredUploadChunk>
{
    public void Configure(EntityTypeBuilder<StoredUploadChunk> e)
    {
        e.ToTable("stored_upload_chunks");
        e.HasKey(x => new { x.UploadId, x.Sequence });
        e.HasOne<StoredUpload>().WithMany().HasForeignKey(x => x.UploadId).OnDelete(DeleteBehavior.Cascade);
    }
}
