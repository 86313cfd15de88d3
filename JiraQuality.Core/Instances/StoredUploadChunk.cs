namespace JiraQuality.Core.Instances;

/// <summary>One piece of a <see cref="StoredUpload"/>, in order of <see cref="Sequence"/>.</summary>
public sealed class StoredUploadChunk
{
    public Guid UploadId { get; set; }
    public int Sequence { get; set; }
    public byte[] Data { get; set; } = [];
}
