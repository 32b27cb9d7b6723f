using Outcomes.Database.Migrations;
using Outcomes.Jobs.Tests.Hosting;
using Outcomes.TestSupport;

namespace Outcomes.Jobs.Tests.Upgrades;

/// <summary>
/// A running server of this build when a newer build migrates the schema under it (simulated by one more version in
/// <c>schema_migration</c>; TwoBuildsUpgradeTests upgrades a real previous release): every job it starts from then on
/// fails before its work, naming both versions, and is left for Hangfire to retry, on a newer server once one runs.
/// </summary>
[Trait(TestCategory.Name, TestCategory.Process)]
public sealed class NewerSchemaWhileServingTests(TestDatabase database) : IClassFixture<TestDatabase>, IDisposable
{
    private readonly string _work = TestJobs.NewFolder("newer-serving");

    [Fact]
    public async Task A_running_server_refuses_every_job_once_a_newer_build_has_migrated_naming_both_versions()
    {
        var build = MigrationRunner.BuildVersion;
        var config = ServerConfig.Write(TestJobs.Options(Directory.CreateDirectory(Path.Combine(_work, "inbox")).FullName, pullCron: "* * * * * *"), _work);
        using var server = CliProcess.StartIn(database.ConnectionString, _work, "serve", "--config", config);
        await TestJobs.WaitUntilAsync(async () => await database.ScalarAsync<long>(
                "select count(*) from job_run where job = 'pull' and outcome = 'succeeded' and build_schema = @Build", new { Build = build }) >= 1,
            TimeSpan.FromMinutes(2), () => "the server ran no pull:\n" + server.Errors);

        await database.ScalarAsync<int>(
            "insert into schema_migration (version, name, checksum) values (@Newer, 'from_a_newer_build', '-') returning version", new { Newer = build + 1 });
        // Every run recorded as started after this saw the newer version when it checked.
        var migrated = await database.ScalarAsync<DateTime>("select now()");
        var newer = $"The database's schema is at version {build + 1:0000}, newer than this build of Outcomes, which knows versions up to {build:0000}";
        await TestJobs.WaitUntilAsync(async () => await database.ScalarAsync<long>(
                "select count(*) from job_run where outcome = 'failed' and started_at > @At and summary like @Newer",
                new { At = migrated, Newer = newer + "%" }) >= 2,
            TimeSpan.FromMinutes(1), () => "the server did not refuse its jobs:\n" + server.Errors);
        await server.StopAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(0, server.ExitCode);
        Assert.Equal(0L, await database.ScalarAsync<long>(
            "select count(*) from job_run where outcome = 'succeeded' and started_at > @At", new { At = migrated }));
        Assert.Contains($"pull (north) failed after", server.Errors, StringComparison.Ordinal);
        Assert.Contains(newer, server.Errors, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_work, recursive: true);
}
