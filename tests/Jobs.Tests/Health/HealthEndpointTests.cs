using System.Net;
using Outcomes.Database.Migrations;
using Outcomes.Jobs.Configuration;
using Outcomes.Jobs.Tests.Dashboard;
using Outcomes.Jobs.Tests.Hosting;
using Outcomes.TestSupport;

namespace Outcomes.Jobs.Tests.Health;

/// <summary>
/// <c>/healthz</c> and <c>/readyz</c> of a real <c>outcomes serve</c> process, asked without signing in: the bodies say ok or
/// failing per check and nothing more, the failing check's detail goes to the server's log once.
/// </summary>
[Trait(TestCategory.Name, TestCategory.Process)]
public sealed class HealthEndpointTests(TestDatabase database) : IClassFixture<TestDatabase>, IDisposable
{
    private const string Ready = """{"status":"ok","checks":{"database":"ok","schema":"ok","job-storage":"ok","reports-folder":"ok"}}""";
    private readonly string _work = TestJobs.NewFolder("health");

    [Fact]
    public async Task Readyz_fails_while_the_schema_is_newer_or_the_reports_folder_unwritable_and_says_only_which_check()
    {
        var port = DashboardRequests.FreePort();
        var options = TestJobs.Options(Directory.CreateDirectory(Path.Combine(_work, "inbox")).FullName);
        options.Dashboard = new DashboardOptions { Urls = $"http://127.0.0.1:{port}" };
        var config = ServerConfig.Write(options, _work);
        using var server = CliProcess.StartIn(database.ConnectionString, _work, "serve", "--config", config);
        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        await TestJobs.WaitUntilAsync(async () => await AnswersAsync(client), TimeSpan.FromMinutes(2), () => "the server never answered:\n" + server.Errors);

        Assert.Equal((HttpStatusCode.OK, """{"status":"ok"}"""), await GetAsync(client, "/healthz"));
        Assert.Equal((HttpStatusCode.OK, Ready), await GetAsync(client, "/readyz"));

        // A newer build migrated the database under this server: not ready, and the versions only in the log.
        var build = MigrationRunner.Embedded().Max(m => m.Version);
        await database.ScalarAsync<int>("insert into schema_migration (version, name, checksum) values (@Newer, 'from_a_newer_build', '-') returning version", new { Newer = build + 1 });
        var (status, body) = await GetAsync(client, "/readyz");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.Equal("""{"status":"failing","checks":{"database":"ok","schema":"failing","job-storage":"ok","reports-folder":"ok"}}""", body);
        Assert.Equal((HttpStatusCode.OK, """{"status":"ok"}"""), await GetAsync(client, "/healthz"));
        await TestJobs.WaitUntilAsync(() => Task.FromResult(server.Errors.Contains(
                $"Readiness: schema is failing: the database is at version {build + 1:0000}, newer than this build ({build:0000})", StringComparison.Ordinal)),
            TimeSpan.FromSeconds(30), () => "the log did not say why:\n" + server.Errors);
        await database.ScalarAsync<int>("with gone as (delete from schema_migration where version = @Newer returning 1) select count(*)::int from gone", new { Newer = build + 1 });
        Assert.Equal((HttpStatusCode.OK, Ready), await GetAsync(client, "/readyz"));

        // The reports folder cannot be made (a file stands in its place): not ready until it can.
        var reports = options.ReportsFolder!;
        if (Directory.Exists(reports))
        {
            Directory.Delete(reports, recursive: true);
        }

        await File.WriteAllTextAsync(reports, "not a folder");
        Assert.Equal((HttpStatusCode.ServiceUnavailable, """{"status":"failing","checks":{"database":"ok","schema":"ok","job-storage":"ok","reports-folder":"failing"}}"""),
            await GetAsync(client, "/readyz"));
        File.Delete(reports);
        Assert.Equal((HttpStatusCode.OK, Ready), await GetAsync(client, "/readyz"));
        await TestJobs.WaitUntilAsync(() => Task.FromResult(server.Errors.Contains("Readiness: reports-folder is ok again", StringComparison.Ordinal)),
            TimeSpan.FromSeconds(30), () => "the log did not say it recovered:\n" + server.Errors);

        await server.StopAsync(TimeSpan.FromSeconds(60));
        Assert.Equal(0, server.ExitCode);
    }

    private static async Task<bool> AnswersAsync(HttpClient client)
    {
        try
        {
            return (await client.GetAsync("/healthz")).StatusCode == HttpStatusCode.OK;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }

    private static async Task<(HttpStatusCode, string)> GetAsync(HttpClient client, string path)
    {
        using var response = await client.GetAsync(path);
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    public void Dispose() => Directory.Delete(_work, recursive: true);
}
