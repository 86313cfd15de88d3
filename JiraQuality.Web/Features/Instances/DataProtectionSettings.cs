namespace JiraQuality.Web.Features.Instances;

/// <summary>Bound from the <c>DataProtection</c> section of appsettings.json.</summary>
public sealed class DataProtectionSettings
{
    public const string SectionName = "DataProtection";

    /// <summary>
    /// The name every instance protects with. Data Protection otherwise isolates apps by their content root, which
    /// differs between machines, so a token from one instance would not open on another.
    /// </summary>
    [System.ComponentModel.DataAnnotations.Required(ErrorMessage = "DataProtection:ApplicationName is required: every instance protects with the same name.")]
    public string ApplicationName { get; set; } = "JiraQuality";

    /// <summary>A PKCS#12 (.pfx) file whose certificate encrypts the keys at rest; empty: keys are stored unencrypted.</summary>
    public string CertificatePath { get; set; } = "";

    /// <summary>The password of <see cref="CertificatePath"/> (never logged).</summary>
    public string CertificatePassword { get; set; } = "";
}
