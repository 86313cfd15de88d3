using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace JiraQuality.Tests.Instances;

/// <summary>A self-signed certificate with its private key, written as a password-protected .pfx file.</summary>
public static class TestCertificate
{
    public static string WritePfx(out string password)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=JiraQuality key ring test", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        password = Convert.ToHexString(RandomNumberGenerator.GetBytes(12));
        var path = Path.Combine(Path.GetTempPath(), $"jq-keyring-{Guid.NewGuid():N}.pfx");
        File.WriteAllBytes(path, certificate.Export(X509ContentType.Pfx, password));
        return path;
    }
}
