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

/// <summary>One piece of a <see cref="StoredUpload"/>, in order of <see cref="Sequence"/>.</summary>
public sealed class StoredUploadChunk
{
    public Guid UploadId { get; set; }
    public int Sequence { get; set; }
    public byte[] Data { get; set; } = [];
}

/// <summary>
/// A setting saved in the UI that every instance must read the same way (e.g. the uploaded contact-reason taxonomy,
/// which changes the scorer version).
/// </summary>
public sealed class SharedSetting
{
    public string Name { get; set; } = "";
    public string Value { get; set; } = "";
    public DateTime UpdatedAtUtc { get; set; }
}
