using Outcomes.Database.Migrations;
using Outcomes.Jobs.Tests.Hosting;
using Outcomes.TestSupport;

namespace Outcomes.Jobs.Tests.Upgrades;

/// <summary>
/// This build as the older of two: a newer build's migration is simulated by recording one more version in
/// <c>schema_migration</c> of a throwaway database (TwoBuildsUpgradeTests builds the real previous release, which takes
/// minutes; this stays the quick check). The server and <c>db migrate</c> refuse, naming both versions, and change nothing.
/// </summary>
[Trait(TestCategory.Name, TestCategory.Process)]
public sealed class NewerSchemaTests(TestDatabase database) : IClassFixture<TestDatabase>, IDisposable
{
    private readonly string _work = TestJobs.NewFolder("newer");

    [Fact]
    public async Task A_server_and_a_migrate_of_an_older_build_refuse_a_newer_schema_naming_both_versions_and_change_nothing_and_db_status_says_so()
    {
        var build = MigrationRunner.Embedded().Max(m => m.Version);
        var newer = build + 1;
        await database.ScalarAsync<int>(
            "insert into schema_migration (version, name, checksum) values (@Newer, 'from_a_newer_build', 'not this build''s') returning version", new { Newer = newer });
        var grantsBefore = await database.ScalarAsync<string>("select checksum || ' ' || applied_at::text from schema_grant");
        var config = ServerConfig.Write(TestJobs.Options(Directory.CreateDirectory(Path.Combine(_work, "inbox")).FullName), _work);

        var serve = await CliProcess.RunAsync(database.ConnectionString, "serve", "--config", config);
        var migrate = await CliProcess.RunAsync(database.ConnectionString, "db", "migrate");

        foreach (var (exitCode, _, errors) in new[] { serve, migrate })
        {
            Assert.Equal(1, exitCode);
            Assert.Contains($"The database's schema is at version {newer:0000}, newer than this build of Outcomes, which knows versions up to {build:0000}", errors, StringComparison.Ordinal);
        }

        // `db status` only reads, and says which build to run rather than to migrate.
        var (statusExit, status, _) = await CliProcess.RunAsync(database.ConnectionString, "db", "status");
        Assert.Equal(0, statusExit);
        Assert.Contains($"Schema: version {newer:0000}; this build has {build:0000} (a newer build migrated it: run that build", status, StringComparison.Ordinal);

        // Neither granted what it knew over what the newer build granted, nor made Hangfire's tables.
        Assert.Equal(grantsBefore, await database.ScalarAsync<string>("select checksum || ' ' || applied_at::text from schema_grant"));
        Assert.False(await database.ScalarAsync<bool>("select exists (select 1 from pg_namespace where nspname = 'hangfire')"));
    }

    public void Dispose() => Directory.Delete(_work, recursive: true);
}
