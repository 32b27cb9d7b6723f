using System.Net;
using System.Text.RegularExpressions;
using Dapper;
using Npgsql;
using Outcomes.Database.Access;
using Outcomes.Database.Connection;
using Outcomes.Jobs.Configuration;
using Outcomes.Jobs.Hosting;
using Outcomes.Jobs.Tests.Hosting;
using Outcomes.TestSupport;

namespace Outcomes.Jobs.Tests.Dashboard;

/// <summary>
/// <c>outcomes serve</c> with TLS of its own (Jobs:Dashboard:CertificateFile and CertificateKeyFile): it answers https
/// with the configured certificate, tells browsers to stay on https (HSTS) and sends its cookies Secure; and it refuses
/// to listen beyond this machine over plain http unless a TLS proxy is configured in front.
/// </summary>
[Collection(InProcessServerCollection.Name)]
public sealed partial class ServerTlsTests(TestDatabase database) : IClassFixture<TestDatabase>, IDisposable
{
    private const string Password = "a long passphrase for the tls test";
    private readonly string _source = TestJobs.NewFolder("tls-source");
    private readonly TestCertificate _certificate = new();

    [Fact]
    public async Task Serve_answers_https_with_its_certificate_sends_HSTS_and_its_sign_in_and_session_cookies_are_Secure()
    {
        var port = DashboardRequests.FreePort();
        var options = TestJobs.Options(_source);
        options.Dashboard = new DashboardOptions
        {
            Urls = $"https://127.0.0.1:{port}",
            CertificateFile = _certificate.CertificateFile,
            CertificateKeyFile = _certificate.KeyFile,
        };
        var login = "tls_" + Guid.NewGuid().ToString("N")[..16];
        await AccessControl.GrantAsync(database.DataSource, login, DatabaseRole.Analyst, [], Password);
        try
        {
            await using var server = await InProcessServer.StartAsync(options, database.ConnectionString, database.DataSource, "tls");
            using var client = _certificate.Client();
            var url = $"https://127.0.0.1:{port}";

            var page = await client.GetAsync(url + "/sign-in");
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
            Assert.Equal("max-age=31536000", page.Headers.GetValues("Strict-Transport-Security").Single());
            var antiforgery = Assert.Single(page.Headers.GetValues("Set-Cookie"));
            Assert.Contains("; secure", antiforgery, StringComparison.OrdinalIgnoreCase);

            var token = RequestToken().Match(await page.Content.ReadAsStringAsync());
            Assert.True(token.Success, "the sign-in form carries an antiforgery token");
            using var signIn = new HttpRequestMessage(HttpMethod.Post, url + "/sign-in")
            {
                Content = new FormUrlEncodedContent(new Dictionary<string, string>
                {
                    ["Login"] = login,
                    ["Password"] = Password,
                    ["__RequestVerificationToken"] = WebUtility.HtmlDecode(token.Groups[1].Value),
                }),
            };
            signIn.Headers.Add("Cookie", antiforgery.Split(';')[0]);
            var signedIn = await client.SendAsync(signIn);

            Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
            var session = Assert.Single(signedIn.Headers.GetValues("Set-Cookie"), c => c.StartsWith("outcomes-session=", StringComparison.Ordinal));
            Assert.Contains("; secure", session, StringComparison.OrdinalIgnoreCase);
            Assert.Contains("; httponly", session, StringComparison.OrdinalIgnoreCase);
            Assert.Contains("; samesite=strict", session, StringComparison.OrdinalIgnoreCase);
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            await using var admin = new NpgsqlConnection(await TestDatabase.AdminConnectionStringAsync());
            await admin.ExecuteAsync($"drop role if exists {login}");
        }
    }

    [Fact]
    public void Listening_beyond_this_machine_over_plain_http_is_refused_with_what_to_do_unless_a_TLS_proxy_is_in_front()
    {
        var options = TestJobs.Options(_source);
        options.Dashboard = new DashboardOptions
        {
            Urls = "http://0.0.0.0:5080",
            Users = [new DashboardUser { Name = "admin", PasswordHash = Jobs.Dashboard.PasswordHash.Create("an admin's long passphrase"), Admin = true }],
        };

        var refusal = Assert.Throws<InvalidOperationException>(() => JobsHost.Build(options, database.ConnectionString, database.DataSource, TimeProvider.System));
        const string expected = "Jobs:Dashboard:Urls: 'http://0.0.0.0:5080' would carry sign-in passwords and patients' flags over the network without TLS; "
            + "use an https URL with Jobs:Dashboard:CertificateFile and CertificateKeyFile (PEM), listen on 127.0.0.1, "
            + "or put a TLS proxy in front and set Jobs:Dashboard:BehindProxy.";
        Assert.Contains(expected, refusal.Message, StringComparison.Ordinal);
        Assert.Equal([expected], JobsOptionsValidator.Problems(options));

        options.Dashboard.BehindProxy = true;
        Assert.Empty(JobsOptionsValidator.Problems(options));

        options.Dashboard.BehindProxy = false;
        options.Dashboard.Urls = "https://0.0.0.0:5443";
        Assert.Equal(["Jobs:Dashboard:Urls: an https URL needs the server's certificate: Jobs:Dashboard:CertificateFile and CertificateKeyFile (PEM files)."],
            JobsOptionsValidator.Problems(options));

        options.Dashboard.CertificateFile = _certificate.CertificateFile;
        options.Dashboard.CertificateKeyFile = _certificate.CertificateFile;
        Assert.StartsWith("Jobs:Dashboard:CertificateFile and CertificateKeyFile: expected a PEM certificate", Assert.Single(JobsOptionsValidator.Problems(options)), StringComparison.Ordinal);

        options.Dashboard.CertificateKeyFile = _certificate.KeyFile;
        Assert.Empty(JobsOptionsValidator.Problems(options));
    }

    public void Dispose()
    {
        _certificate.Dispose();
        Directory.Delete(_source, recursive: true);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex RequestToken();
}
