namespace JiraQuality.Core.Instances;

/// <summary>
/// A file uploaded in the browser and kept in the database until its import job has read it, so any instance on the
/// database can run or resume the import. Its bytes are in <see cref="StoredUploadChunk"/> rows.
/// </summary>
public sealed class StoredUpload
{
    public Guid Id { get; set; }
    public string FileName { get; set; } = "";

    /// <summary>Bytes stored; set when the last chunk is written.</summary>
    public long Length { get; set; }

    /// <summary>Whether every chunk was written: an upload cut short is never imported.</summary>
    public bool Complete { get; set; }

    public DateTime CreatedAtUtc { get; set; }
}
