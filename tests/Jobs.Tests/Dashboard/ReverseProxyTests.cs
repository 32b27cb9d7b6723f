using System.Net;
using Outcomes.Jobs.Configuration;
using Outcomes.Jobs.Dashboard;
using Outcomes.Jobs.Tests.Hosting;
using Outcomes.TestSupport;

namespace Outcomes.Jobs.Tests.Dashboard;

/// <summary>
/// The dashboard behind the reverse proxy docs/jobs.md recommends, run as a real nginx on this machine: every request
/// it forwards comes from 127.0.0.1, so "from this machine" must never stand in for credentials.
/// </summary>
[Collection(InProcessServerCollection.Name)]
[Trait(TestCategory.Name, TestCategory.Process)]
public sealed class ReverseProxyTests(TestDatabase database) : IClassFixture<TestDatabase>, IDisposable
{
    private static readonly (string, string) Viewer = ("viewer", "correct horse battery staple");
    private static readonly (string, string) Admin = ("admin", "an admin's long passphrase");
    private readonly string _source = TestJobs.NewFolder("proxy");

    [NginxFact]
    public async Task Through_the_documented_nginx_recipe_nothing_is_served_without_credentials_and_only_an_admin_triggers_a_job()
    {
        var port = DashboardRequests.FreePort();
        var options = TestJobs.Options(_source);
        options.Dashboard = new DashboardOptions { Urls = $"http://127.0.0.1:{port}", BehindProxy = true, Users = Users() };
        await using var server = await InProcessServer.StartAsync(options, database.ConnectionString, database.DataSource, "proxied");
        var before = await DashboardRequests.LastTriggeredJobAsync(server);
        await using var proxy = await NginxProxy.StartRecipeAsync(port);
        using var client = proxy.Client();
        var dashboard = proxy.Url + JobsHostPath;

        var anonymous = await client.GetAsync(dashboard);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal("Basic", anonymous.Headers.WwwAuthenticate.Single().Scheme);
        Assert.Equal(HttpStatusCode.Unauthorized, (await DashboardRequests.TriggerAsync(client, dashboard)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await DashboardRequests.GetAsync(client, dashboard, ("viewer", "wrong password"))).StatusCode);
        Assert.Equal(before, await DashboardRequests.LastTriggeredJobAsync(server));

        // A read-only user reads every page, and is refused a trigger even with the page's own anti-forgery token.
        var page = await DashboardRequests.GetAsync(client, dashboard + "/recurring", Viewer);
        var viewerToken = await DashboardRequests.AntiforgeryOfAsync(page);
        Assert.Contains(DashboardRequests.TriggeredJob, await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await DashboardRequests.CountersAsync(client, dashboard, Viewer, viewerToken)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await DashboardRequests.TriggerAsync(client, dashboard, Viewer, viewerToken)).StatusCode);
        Assert.Equal(before, await DashboardRequests.LastTriggeredJobAsync(server));

        // An admin's browser carrying the Basic credentials is not enough: a form another site makes it post has no
        // token. With the token of a page the dashboard served, the admin triggers the job.
        Assert.Equal(HttpStatusCode.Forbidden, (await DashboardRequests.TriggerAsync(client, dashboard, Admin)).StatusCode);
        Assert.Equal(before, await DashboardRequests.LastTriggeredJobAsync(server));
        var adminToken = await DashboardRequests.AntiforgeryOfAsync(await DashboardRequests.GetAsync(client, dashboard + "/recurring", Admin));
        Assert.Equal(HttpStatusCode.NoContent, (await DashboardRequests.TriggerAsync(client, dashboard, Admin, adminToken)).StatusCode);
        Assert.NotEqual(before, await DashboardRequests.LastTriggeredJobAsync(server));

        // The web pages sign in with logins of their own: through the TLS proxy the sign-in page is served, and its
        // session cookie is marked Secure although the hop from nginx is plain HTTP.
        var signIn = await client.GetAsync(proxy.Url + "/sign-in");
        Assert.Equal(HttpStatusCode.OK, signIn.StatusCode);
        Assert.Contains(signIn.Headers.GetValues("Set-Cookie"), c => c.StartsWith("outcomes-antiforgery=", StringComparison.Ordinal) && c.Contains("secure", StringComparison.OrdinalIgnoreCase));

        // The requests did go through nginx, with the recipe's headers.
        Assert.Contains("POST /hangfire/recurring/trigger", proxy.AccessLog, StringComparison.Ordinal);
    }

    [NginxFact]
    public async Task A_proxy_put_in_front_of_a_dashboard_without_users_gets_401_because_of_the_headers_it_forwards()
    {
        // The operator forgot BehindProxy and has no users: the recipe's forwarded headers still give the proxy away.
        var port = DashboardRequests.FreePort();
        var options = TestJobs.Options(_source);
        options.Dashboard = new DashboardOptions { Urls = $"http://127.0.0.1:{port}" };
        await using var server = await InProcessServer.StartAsync(options, database.ConnectionString, database.DataSource, "forgotten");
        var before = await DashboardRequests.LastTriggeredJobAsync(server);
        await using var proxy = await NginxProxy.StartRecipeAsync(port);
        using var client = proxy.Client();

        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync(proxy.Url + JobsHostPath)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await DashboardRequests.TriggerAsync(client, proxy.Url + JobsHostPath)).StatusCode);
        // The web pages refuse a proxied request too: without BehindProxy the server cannot know the browser used TLS.
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync(proxy.Url + "/sign-in")).StatusCode);
        Assert.Equal(before, await DashboardRequests.LastTriggeredJobAsync(server));
        using var direct = new HttpClient();
        Assert.Equal(HttpStatusCode.OK, (await direct.GetAsync($"http://127.0.0.1:{port}{JobsHostPath}")).StatusCode);
    }

    [Theory]
    [InlineData("X-Forwarded-For")]
    [InlineData("X-Forwarded-Host")]
    [InlineData("X-Forwarded-Proto")]
    [InlineData("Forwarded")]
    [InlineData("X-Real-IP")]
    [InlineData("Via")]
    public async Task A_loopback_request_carrying_a_forwarded_header_gets_401(string header)
    {
        var port = DashboardRequests.FreePort();
        var options = TestJobs.Options(_source);
        options.Dashboard = new DashboardOptions { Urls = $"http://127.0.0.1:{port}" };
        await using var server = await InProcessServer.StartAsync(options, database.ConnectionString, database.DataSource, "headers");
        using var client = new HttpClient();
        var dashboard = $"http://127.0.0.1:{port}{JobsHostPath}";

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(dashboard)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await DashboardRequests.GetAsync(client, dashboard, header: header)).StatusCode);
    }

    [Fact]
    public async Task Without_users_this_machine_sees_a_read_only_dashboard_and_cannot_trigger_a_job()
    {
        var port = DashboardRequests.FreePort();
        var options = TestJobs.Options(_source);
        options.Dashboard = new DashboardOptions { Urls = $"http://127.0.0.1:{port}" };
        await using var server = await InProcessServer.StartAsync(options, database.ConnectionString, database.DataSource, "local");
        var before = await DashboardRequests.LastTriggeredJobAsync(server);
        using var client = new HttpClient(new SocketsHttpHandler { UseCookies = true, CookieContainer = new CookieContainer() });
        var dashboard = $"http://127.0.0.1:{port}{JobsHostPath}";

        var token = await DashboardRequests.AntiforgeryOfAsync(await client.GetAsync(dashboard + "/recurring"));
        Assert.Equal(HttpStatusCode.OK, (await DashboardRequests.CountersAsync(client, dashboard, antiforgery: token)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await DashboardRequests.TriggerAsync(client, dashboard, antiforgery: token)).StatusCode);
        Assert.Equal(before, await DashboardRequests.LastTriggeredJobAsync(server));
    }

    [Fact]
    public void A_proxy_without_users_is_refused_at_start_up()
    {
        var options = TestJobs.Options(_source);
        options.Dashboard = new DashboardOptions { BehindProxy = true };

        var problem = Assert.Single(JobsOptionsValidator.Problems(options));
        Assert.StartsWith("Jobs:Dashboard:BehindProxy: a dashboard behind a reverse proxy needs Jobs:Dashboard:Users", problem, StringComparison.Ordinal);
    }

    private const string JobsHostPath = global::Outcomes.Jobs.Hosting.JobsHost.DashboardPath;

    private static List<DashboardUser> Users() =>
    [
        new DashboardUser { Name = Viewer.Item1, PasswordHash = PasswordHash.Create(Viewer.Item2) },
        new DashboardUser { Name = Admin.Item1, PasswordHash = PasswordHash.Create(Admin.Item2), Admin = true },
    ];

    public void Dispose() => Directory.Delete(_source, recursive: true);
}
