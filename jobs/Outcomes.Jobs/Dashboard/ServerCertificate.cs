using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Outcomes.Jobs.Configuration;

namespace Outcomes.Jobs.Dashboard;

/// <summary>
/// The TLS certificate <c>outcomes serve</c> answers https with: PEM files named by
/// <see cref="DashboardOptions.CertificateFile"/> and <see cref="DashboardOptions.CertificateKeyFile"/>, loaded with the
/// private key, or a problem in words an administrator can act on (never the files' contents).
/// </summary>
public sealed record ServerCertificate(X509Certificate2? Certificate, string? Problem)
{
    public static ServerCertificate Load(DashboardOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.CertificateFile) || string.IsNullOrWhiteSpace(options.CertificateKeyFile))
        {
            return new ServerCertificate(null,
                "Jobs:Dashboard:CertificateFile and CertificateKeyFile: expected both, the certificate's PEM file and its private key's.");
        }

        foreach (var (setting, path) in new[] { ("CertificateFile", options.CertificateFile), ("CertificateKeyFile", options.CertificateKeyFile) })
        {
            if (!File.Exists(path))
            {
                return new ServerCertificate(null, $"Jobs:Dashboard:{setting}: the file does not exist.");
            }
        }

        try
        {
            var certificate = X509Certificate2.CreateFromPemFile(options.CertificateFile, options.CertificateKeyFile);
            return certificate.HasPrivateKey
                ? new ServerCertificate(certificate, null)
                : new ServerCertificate(null, "Jobs:Dashboard:CertificateKeyFile: the key does not belong to the certificate.");
        }
        catch (CryptographicException)
        {
            return new ServerCertificate(null,
                "Jobs:Dashboard:CertificateFile and CertificateKeyFile: expected a PEM certificate (BEGIN CERTIFICATE) and its unencrypted PEM private key "
                + "(BEGIN PRIVATE KEY, RSA or EC PRIVATE KEY), the key belonging to the certificate.");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return new ServerCertificate(null, $"Jobs:Dashboard:CertificateFile and CertificateKeyFile: the files cannot be read ({ex.GetType().Name}).");
        }
    }
}
