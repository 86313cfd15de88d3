using System.Security.Cryptography.X509Certificates;
using JiraQuality.Core.Settings;
using JiraQuality.Core.Storage;
using Microsoft.AspNetCore.DataProtection;

namespace JiraQuality.Web.Features.Instances;

public static class SharedKeyRing
{
    /// <summary>
    /// Keeps the Data Protection key ring in the database (table <c>data_protection_keys</c>), so antiforgery tokens
    /// and Blazor circuit descriptors issued by one instance are accepted by every other on the same database,
    /// optionally encrypted with a certificate from settings.
    /// </summary>
    public static IServiceCollection AddSharedKeyRing(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<DataProtectionSettings>().BindConfiguration(DataProtectionSettings.SectionName).ValidateDataAnnotations().ValidateOnStart();

        // The key ring is set up while registering, from the same section.
        var settings = new DataProtectionSettings();
        configuration.GetSection(DataProtectionSettings.SectionName).Bind(settings);

        // The key repository opens a scope and asks it for the context; the scope disposes it.
        services.AddScoped<JiraQualityDbContext>(sp => sp.GetRequiredService<JiraQualityContextFactory>().CreateDbContext());
        var builder = services.AddDataProtection()
            .SetApplicationName(settings.ApplicationName)
            .PersistKeysToDbContext<JiraQualityDbContext>();
        if (!string.IsNullOrWhiteSpace(settings.CertificatePath))
        {
            builder.ProtectKeysWithCertificate(LoadCertificate(settings, configuration));
        }

        return services;
    }

    private static X509Certificate2 LoadCertificate(DataProtectionSettings settings, IConfiguration configuration)
    {
        var path = Path.IsPathRooted(settings.CertificatePath)
            ? settings.CertificatePath
            : Path.Combine(DataDirectory.Resolve(configuration["Data:Directory"]), settings.CertificatePath);
        if (!File.Exists(path))
        {
            throw new InvalidOperationException(
                $"DataProtection:CertificatePath names {path}, which does not exist; give a .pfx file with its private key or leave the setting empty.");
        }

        X509Certificate2 certificate;
        try
        {
            certificate = X509CertificateLoader.LoadPkcs12FromFile(path, settings.CertificatePassword);
        }
        catch (System.Security.Cryptography.CryptographicException ex)
        {
            throw new InvalidOperationException(
                $"DataProtection:CertificatePath {path} could not be read as a .pfx file with DataProtection:CertificatePassword: {ex.Message}", ex);
        }

        if (!certificate.HasPrivateKey)
        {
            throw new InvalidOperationException($"DataProtection:CertificatePath {path} holds no private key; the keys it encrypts could not be read back.");
        }

        return certificate;
    }
}
