using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using Outcomes.Jobs.Configuration;
using Outcomes.Jobs.Dashboard;
using Outcomes.Jobs.Tests.Hosting;
using Outcomes.TestSupport;

namespace Outcomes.Jobs.Tests.Dashboard;

/// <summary>
/// The dashboard over real sockets: requests from another host reach it through this machine's own network address
/// (not loopback), so the server sees a non-loopback client exactly as it would see a colleague's browser.
/// </summary>
[Collection(InProcessServerCollection.Name)]
public sealed class DashboardAccessTests(TestDatabase database) : IClassFixture<TestDatabase>, IDisposable
{
    private const string ViewerPassword = "correct horse battery staple";
    private const string AdminPassword = "an admin's long passphrase";
    private readonly string _source = TestJobs.NewFolder("dashboard");

    [Fact]
    public async Task By_default_the_dashboard_listens_on_loopback_only()
    {
        var port = DashboardRequests.FreePort();
        var options = TestJobs.Options(_source);
        options.Dashboard = new DashboardOptions { Urls = $"http://127.0.0.1:{port}" };
        await using var server = await InProcessServer.StartAsync(options, database.ConnectionString, database.DataSource, "loopback");
        using var client = new HttpClient();

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"http://127.0.0.1:{port}/hangfire")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"http://127.0.0.1:{port}/sign-in")).StatusCode);
        await Assert.ThrowsAsync<HttpRequestException>(() => client.GetAsync($"http://{NetworkAddress()}:{port}/hangfire"));
    }

    [Fact]
    public async Task From_another_host_it_asks_for_credentials_and_shows_non_admins_a_read_only_dashboard()
    {
        var port = DashboardRequests.FreePort();
        var options = TestJobs.Options(_source);
        using var certificate = new TestCertificate();
        options.Dashboard = new DashboardOptions
        {
            // Beyond this machine only over TLS: the server's own certificate (ServerTlsTests).
            Urls = $"https://0.0.0.0:{port}",
            CertificateFile = certificate.CertificateFile,
            CertificateKeyFile = certificate.KeyFile,
            Users =
            [
                new DashboardUser { Name = "viewer", PasswordHash = PasswordHash.Create(ViewerPassword) },
                new DashboardUser { Name = "admin", PasswordHash = PasswordHash.Create(AdminPassword), Admin = true },
            ],
        };
        await using var server = await InProcessServer.StartAsync(options, database.ConnectionString, database.DataSource, "remote");
        var before = await DashboardRequests.LastTriggeredJobAsync(server);
        var remote = $"https://{NetworkAddress()}:{port}/hangfire";
        using var client = new HttpClient(new SocketsHttpHandler
        {
            UseCookies = true,
            CookieContainer = new CookieContainer(),
            SslOptions = new System.Net.Security.SslClientAuthenticationOptions
            {
                RemoteCertificateValidationCallback = (_, presented, _, _) => presented?.GetCertHashString() == certificate.Thumbprint,
            },
        });

        // The web pages ask for their own sign-in, over the server's TLS.
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"https://{NetworkAddress()}:{port}/sign-in")).StatusCode);

        var anonymous = await client.GetAsync(remote);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal("Basic", anonymous.Headers.WwwAuthenticate.Single().Scheme);
        Assert.Equal(HttpStatusCode.Unauthorized, (await DashboardRequests.GetAsync(client, remote, ("viewer", "wrong password"))).StatusCode);
        // Once there are users, this machine signs in too: a proxy on it would otherwise let everyone in.
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync($"https://127.0.0.1:{port}/hangfire")).StatusCode);

        var page = await DashboardRequests.GetAsync(client, remote + "/recurring", ("viewer", ViewerPassword));
        Assert.Contains("pull:north", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var viewerToken = await DashboardRequests.AntiforgeryOfAsync(page);

        // Triggering a job is an admin's command: refused for the viewer, done for the admin.
        Assert.Equal(HttpStatusCode.Forbidden, (await DashboardRequests.TriggerAsync(client, remote, ("viewer", ViewerPassword), viewerToken)).StatusCode);
        Assert.Equal(before, await DashboardRequests.LastTriggeredJobAsync(server));
        var adminToken = await DashboardRequests.AntiforgeryOfAsync(await DashboardRequests.GetAsync(client, remote + "/recurring", ("admin", AdminPassword)));
        Assert.Equal(HttpStatusCode.NoContent, (await DashboardRequests.TriggerAsync(client, remote, ("admin", AdminPassword), adminToken)).StatusCode);
        Assert.NotEqual(before, await DashboardRequests.LastTriggeredJobAsync(server));
    }

    [Fact]
    public void Listening_beyond_this_machine_without_users_is_refused_at_start_up()
    {
        var options = TestJobs.Options(_source);
        options.Dashboard = new DashboardOptions { Urls = "http://0.0.0.0:5080" };

        Assert.Contains(JobsOptionsValidator.Problems(options),
            p => p.StartsWith("Jobs:Dashboard:Urls: listening beyond this machine needs Jobs:Dashboard:Users", StringComparison.Ordinal));
    }

    [Fact]
    public void Password_hashes_are_PBKDF2_SHA256_as_in_the_RFC_7914_test_vector()
    {
        // RFC 7914 section 11: PBKDF2-HMAC-SHA256, P = "Password", S = "NaCl", c = 80000; the first 32 bytes of its 64.
        var expected = Convert.FromHexString("4ddcd8f60b98be21830cee5ef22701f9641a4418d04c0414aeff08876b34ab56");
        var stored = $"pbkdf2-sha256$80000${Convert.ToBase64String("NaCl"u8)}${Convert.ToBase64String(expected)}";

        Assert.True(PasswordHash.Verify("Password", stored));
        Assert.False(PasswordHash.Verify("password", stored));
        var created = PasswordHash.Create("Password");
        Assert.True(PasswordHash.Verify("Password", created));
        Assert.NotEqual(created, PasswordHash.Create("Password"));
    }

    /// <summary>This machine's own non-loopback IPv4 address.</summary>
    private static IPAddress NetworkAddress() =>
        NetworkInterface.GetAllNetworkInterfaces()
            .Where(n => n.OperationalStatus == OperationalStatus.Up && n.NetworkInterfaceType != NetworkInterfaceType.Loopback)
            .SelectMany(n => n.GetIPProperties().UnicastAddresses)
            .Select(a => a.Address)
            .FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork && !IPAddress.IsLoopback(a))
        ?? throw new InvalidOperationException("This machine has no network address besides loopback: the remote-access test needs one.");

    public void Dispose() => Directory.Delete(_source, recursive: true);
}
