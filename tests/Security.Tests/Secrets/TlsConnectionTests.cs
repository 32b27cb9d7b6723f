using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Dapper;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Outcomes.Database.Connection;
using Outcomes.Database.Embedded;
using Xunit;
using Outcomes.TestSupport;

namespace Outcomes.Security.Tests.Secrets;

/// <summary>
/// A remote server is reached over TLS with the standard connection-string settings: a private cluster is given a
/// certificate of its own, and Outcomes opens it (migrations included) with <c>SSL Mode=VerifyFull</c> against that
/// certificate's authority, and refuses a server whose certificate another authority signed.
/// </summary>
[Trait(TestCategory.Name, TestCategory.Process)]
public sealed class TlsConnectionTests : IAsyncLifetime
{
    private readonly string _work = Directory.CreateTempSubdirectory("outcomes-tls-").FullName;
    private EmbeddedCluster _cluster = null!;
    private string _plain = "";

    public async Task InitializeAsync()
    {
        _cluster = new EmbeddedCluster(Path.Combine(_work, "cluster"));
        _plain = await _cluster.EnsureStartedAsync();
    }

    public async Task DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await _cluster.StopAsync();
        Directory.Delete(_work, recursive: true);
    }

    [LocalPostgresFact]
    public async Task Outcomes_connects_over_verified_TLS_and_refuses_a_certificate_of_another_authority()
    {
        var (authority, server) = Certificates("localhost");
        await EnableTlsAsync(server);
        var authorityFile = Path.Combine(_work, "ca.pem");
        await File.WriteAllTextAsync(authorityFile, authority.ExportCertificatePem());

        var settings = DatabaseSettings.Validate(new NpgsqlConnectionStringBuilder(_plain)
        {
            Host = "localhost",
            SslMode = SslMode.VerifyFull,
            RootCertificate = authorityFile,
        }.ConnectionString);
        await using (var dataSource = await OutcomesDatabase.OpenAsync(settings, DatabaseRole.Analyst, NullLogger.Instance, CancellationToken.None))
        await using (var connection = await dataSource.OpenConnectionAsync())
        {
            Assert.Equal("outcomes_analyst", await connection.ExecuteScalarAsync<string>("select current_user"));
        }

        // pg_stat_ssl shows a session's TLS only to the session's own login: asked after leaving the administrator role
        // (the login here is the test cluster's superuser).
        await using (var dataSource = await OutcomesDatabase.OpenAsync(settings, DatabaseRole.Admin, NullLogger.Instance, CancellationToken.None))
        await using (var connection = await dataSource.OpenConnectionAsync())
        {
            await connection.ExecuteAsync("set role none");
            Assert.True(await connection.ExecuteScalarAsync<bool>("select ssl from pg_stat_ssl where pid = pg_backend_pid()"));
        }

        var (otherAuthority, _) = Certificates("localhost");
        var otherFile = Path.Combine(_work, "other-ca.pem");
        await File.WriteAllTextAsync(otherFile, otherAuthority.ExportCertificatePem());
        var untrusted = new NpgsqlConnectionStringBuilder(settings.ConnectionString!) { RootCertificate = otherFile, Pooling = false }.ConnectionString;
        await using var refused = new NpgsqlConnection(untrusted);
        var error = await Assert.ThrowsAnyAsync<Exception>(() => refused.OpenAsync());
        Assert.DoesNotContain(new NpgsqlConnectionStringBuilder(_plain).Password!, error.ToString(), StringComparison.Ordinal);
    }

    /// <summary>Writes the key and certificate into the data folder, readable by the server's account only (PostgreSQL
    /// refuses a key others can read), and turns TLS on.</summary>
    private async Task EnableTlsAsync(X509Certificate2 server)
    {
        await using var connection = new NpgsqlConnection(_plain);
        await connection.OpenAsync();
        var data = await connection.ExecuteScalarAsync<string>("select current_setting('data_directory')") ?? "";
        var key = server.GetRSAPrivateKey()!.ExportPkcs8PrivateKeyPem();
        foreach (var (file, pem) in new[] { ("outcomes-test.key", key), ("outcomes-test.crt", server.ExportCertificatePem()) })
        {
            var path = Path.Combine(data, file);
            await File.WriteAllTextAsync(path, pem);
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }

            if (Environment.UserName == "root")
            {
                // As root the cluster runs as its own account (EmbeddedCluster): the files become that account's.
                using var chown = System.Diagnostics.Process.Start("chown", ["--reference=" + data, path])!;
                await chown.WaitForExitAsync();
                Assert.Equal(0, chown.ExitCode);
            }
        }

        await connection.ExecuteAsync("alter system set ssl_cert_file = 'outcomes-test.crt'");
        await connection.ExecuteAsync("alter system set ssl_key_file = 'outcomes-test.key'");
        await connection.ExecuteAsync("alter system set ssl = on");
        await connection.ExecuteAsync("select pg_reload_conf()");

        // The server loads the certificate when it rereads its settings: wait until a new connection gets TLS.
        var probe = new NpgsqlConnectionStringBuilder(_plain) { SslMode = SslMode.Require, Pooling = false }.ConnectionString;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await using var tls = new NpgsqlConnection(probe);
                await tls.OpenAsync();
                return;
            }
            catch (NpgsqlException) when (attempt < 50)
            {
                await Task.Delay(100);
            }
            catch (NpgsqlException ex)
            {
                var log = await connection.ExecuteScalarAsync<string>(
                    "select pg_read_file(regexp_replace(current_setting('data_directory'), '/data$', '/server.log'))");
                throw new InvalidOperationException("TLS did not come up; the server's log ends: " + log?[Math.Max(0, log.Length - 2000)..], ex);
            }
        }
    }

    private static (X509Certificate2 Authority, X509Certificate2 Server) Certificates(string host)
    {
        using var authorityKey = RSA.Create(2048);
        var authorityRequest = new CertificateRequest("CN=Outcomes test authority", authorityKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        authorityRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        authorityRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        var now = TimeProvider.System.GetUtcNow();
        var authority = authorityRequest.CreateSelfSigned(now.AddDays(-1), now.AddDays(30));

        var serverKey = RSA.Create(2048);
        var serverRequest = new CertificateRequest($"CN={host}", serverKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName(host);
        names.AddIpAddress(IPAddress.Loopback);
        serverRequest.CertificateExtensions.Add(names.Build());
        serverRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        var serial = RandomNumberGenerator.GetBytes(16);
        var server = serverRequest.Create(authority, now.AddDays(-1), now.AddDays(29), serial).CopyWithPrivateKey(serverKey);
        return (authority, server);
    }
}
