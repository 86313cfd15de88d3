namespace JiraQuality.Core.Instances;

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
