using System.Net.Http;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Outcomes.Jobs.Tests.Dashboard;

/// <summary>
/// A throwaway self-signed server certificate (ECDSA P-256, a day long) written as the two PEM files the settings name,
/// and an HTTP client that trusts exactly that certificate (pinned by thumbprint), as a browser told to trust it would.
/// </summary>
internal sealed class TestCertificate : IDisposable
{
    private readonly string _folder = TestJobs.NewFolder("tls");

    public TestCertificate()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=outcomes serve test", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        names.AddIpAddress(System.Net.IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], critical: false));
        var now = TimeProvider.System.GetUtcNow();
        using var certificate = request.CreateSelfSigned(now.AddMinutes(-5), now.AddDays(1));
        Thumbprint = certificate.Thumbprint;
        CertificateFile = Path.Combine(_folder, "server.crt");
        KeyFile = Path.Combine(_folder, "server.key");
        File.WriteAllText(CertificateFile, certificate.ExportCertificatePem());
        File.WriteAllText(KeyFile, key.ExportPkcs8PrivateKeyPem());
    }

    public string CertificateFile { get; }

    public string KeyFile { get; }

    public string Thumbprint { get; }

    /// <summary>A client that accepts this certificate and no other, keeping no cookies (the tests read Set-Cookie).</summary>
    public HttpClient Client() => new(new SocketsHttpHandler
    {
        UseCookies = false,
        AllowAutoRedirect = false,
        SslOptions = new SslClientAuthenticationOptions
        {
            RemoteCertificateValidationCallback = (_, presented, _, _) => presented is not null
                && string.Equals(presented.GetCertHashString(), Thumbprint, StringComparison.OrdinalIgnoreCase),
        },
    });

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
