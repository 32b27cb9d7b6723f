using Dapper;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Outcomes.Database.Backup;
using Outcomes.TestSupport;
using Xunit;

namespace Outcomes.Database.Tests.Backup;

/// <summary>
/// The backup job's backup and the restore drill on a real PostgreSQL: a backup's manifest counts and sums every
/// table in the dump's own snapshot; the drill restores it into a scratch database, compares, migrates and drops it,
/// and a backup or manifest changed after the fact fails the drill with a reason naming what differs.
/// </summary>
[Trait(TestCategory.Name, TestCategory.Process)]
public sealed class RestoreDrillTests(TestDatabase database) : IClassFixture<TestDatabase>, IAsyncLifetime
{
    private readonly string _root = Directory.CreateTempSubdirectory("outcomes-drill-").FullName;
    private BackupRun _backup = null!;

    private BackupFolder Folder => new(Path.Combine(_root, "backups"));

    private BackupRunLog Log => new(database.DataSource);

    public async Task InitializeAsync()
    {
        await using var connection = await database.DataSource.OpenConnectionAsync();
        await connection.ExecuteAsync("delete from job_run; delete from backup_run");
        await connection.ExecuteAsync("insert into job_run (job, scope, outcome, summary) values ('pull', 'north', 'succeeded', '3 files'), ('nightly', 'all', 'failed', 'timeout')");
        _backup = await new ScheduledBackup(database.ConnectionString, Folder, Log, TimeProvider.System, NullLogger.Instance)
            .RunAsync(keepDaily: 7, keepWeekly: 4, TimeZoneInfo.Utc, CancellationToken.None);
        Assert.True(_backup.Succeeded, _backup.Detail);
    }

    [LocalPostgresFact(ClientOnly = true)]
    public async Task A_scheduled_backups_manifest_records_every_tables_row_count_and_checksum_and_the_run_is_recorded()
    {
        var own = Assert.Single(Folder.List());
        var tables = own.Manifest.Tables!;

        Assert.True(own.Manifest.Scheduled);
        var jobRun = Assert.Single(tables, t => t.QualifiedName == "public.job_run");
        Assert.Equal(2, jobRun.Rows);
        Assert.Equal(["job_run_id", "job", "scope", "hangfire_job_id", "started_at", "finished_at", "outcome", "summary", "build_schema"], jobRun.Columns);
        Assert.Equal(await database.ScalarAsync<long>("select count(*) from schema_migration"), Assert.Single(tables, t => t.Table == "schema_migration").Rows);
        Assert.Equal(await database.ScalarAsync<long>("select count(*) from pg_tables where schemaname = 'public'"), tables.Count(t => t.Schema == "public"));
        var recorded = await Log.LatestAsync(BackupRun.Backup, CancellationToken.None);
        Assert.Equal((true, own.FileName, own.Manifest.Bytes, own.Manifest.SchemaVersion), (recorded!.Succeeded, recorded.FileName, recorded.Bytes, recorded.SchemaVersion));
        Assert.Matches(@"^\d+ tables, \d+ rows; 1 backup\(s\) kept$", recorded.Detail);
    }

    [LocalPostgresFact(ClientOnly = true)]
    public async Task The_drill_of_a_good_backup_passes_and_leaves_no_scratch_database()
    {
        var drill = await new RestoreDrill(database.ConnectionString, Log, TimeProvider.System, NullLogger.Instance).RunAsync(Folder, CancellationToken.None);

        Assert.True(drill.Succeeded, drill.Detail);
        Assert.Equal(_backup.FileName, drill.FileName);
        Assert.Matches(@"^restored into a scratch database: \d+ tables, \d+ rows match the manifest; schema \d{4} as backed up$", drill.Detail);
        Assert.Equal(drill, await Log.LatestAsync(BackupRun.RestoreDrill, CancellationToken.None), new SameRun());
        Assert.Equal(0, await database.ScalarAsync<long>("select count(*) from pg_database where datname like 'outcomes\\_drill\\_%'"));
    }

    [LocalPostgresFact(ClientOnly = true)]
    public async Task The_drill_fails_naming_the_table_when_the_manifest_was_changed()
    {
        var own = Assert.Single(Folder.List());
        var tables = own.Manifest.Tables!.Select(t => t.QualifiedName == "public.job_run" ? t with { Checksum = new string('f', 32) } : t).ToList();
        await File.WriteAllTextAsync(BackupManifest.PathFor(own.Path), (own.Manifest with { Tables = tables }).ToJson());

        var drill = await Drill(own.Path);

        Assert.False(drill.Succeeded);
        Assert.StartsWith("1 table(s) differ from the manifest: public.job_run: the same 2 rows but different content (checksum ", drill.Detail, StringComparison.Ordinal);
        Assert.Contains("the manifest says ffffffffffff…", drill.Detail, StringComparison.Ordinal);
        Assert.False((await Log.LatestAsync(BackupRun.RestoreDrill, CancellationToken.None))!.Succeeded);
        Assert.Equal(0, await database.ScalarAsync<long>("select count(*) from pg_database where datname like 'outcomes\\_drill\\_%'"));
    }

    [LocalPostgresFact(ClientOnly = true)]
    public async Task The_drill_fails_naming_the_table_when_a_row_in_the_backup_was_changed_and_its_hash_written_again()
    {
        // The backup's file replaced by a dump in which one row differs, and its manifest's size and SHA-256 made to
        // match it: the file checks pass, the table checksums do not.
        var own = Assert.Single(Folder.List());
        await using (var connection = await database.DataSource.OpenConnectionAsync())
        {
            // The backup's own record came after its snapshot: without it, the one row changed is all that differs.
            await connection.ExecuteAsync("delete from backup_run; update job_run set summary = '4 files' where job = 'pull'");
        }

        var changed = Path.Combine(_root, "changed.backup");
        var dump = await new DatabaseBackup(database.ConnectionString, TimeProvider.System, NullLogger.Instance).BackupAsync(changed, CancellationToken.None);
        File.Copy(changed, own.Path, overwrite: true);
        await File.WriteAllTextAsync(BackupManifest.PathFor(own.Path),
            (own.Manifest with { Bytes = dump.Manifest.Bytes, Sha256 = dump.Manifest.Sha256 }).ToJson());

        var drill = await Drill(own.Path);

        Assert.False(drill.Succeeded);
        Assert.StartsWith("1 table(s) differ from the manifest: public.job_run: the same 2 rows but different content", drill.Detail, StringComparison.Ordinal);
    }

    [LocalPostgresFact(ClientOnly = true)]
    public async Task The_drill_fails_before_restoring_anything_when_the_backup_file_was_altered()
    {
        var own = Assert.Single(Folder.List());
        var bytes = await File.ReadAllBytesAsync(own.Path);
        bytes[^10] ^= 0xFF;
        await File.WriteAllBytesAsync(own.Path, bytes);

        var drill = await Drill(own.Path);

        Assert.False(drill.Succeeded);
        Assert.Contains("does not match its manifest", drill.Detail, StringComparison.Ordinal);
        Assert.Contains("the file is truncated or altered", drill.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_drill_with_no_backup_of_the_job_in_the_folder_fails_saying_so()
    {
        var empty = new BackupFolder(Path.Combine(_root, "empty"));

        var drill = await new RestoreDrill(database.ConnectionString, Log, TimeProvider.System, NullLogger.Instance).RunAsync(empty, CancellationToken.None);

        Assert.False(drill.Succeeded);
        Assert.Equal($"no backup written by the backup job in {empty.Path} to drill", drill.Detail);
    }

    private Task<BackupRun> Drill(string file) =>
        new RestoreDrill(database.ConnectionString, Log, TimeProvider.System, NullLogger.Instance).DrillAsync(file, CancellationToken.None);

    public Task DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        Directory.Delete(_root, recursive: true);
        return Task.CompletedTask;
    }

    /// <summary>The same attempt as recorded: the database keeps times to the microsecond.</summary>
    private sealed class SameRun : IEqualityComparer<BackupRun?>
    {
        public bool Equals(BackupRun? x, BackupRun? y) =>
            x is not null && y is not null && x with { StartedAt = default, FinishedAt = default } == y with { StartedAt = default, FinishedAt = default }
            && Math.Abs((x.StartedAt - y.StartedAt).TotalMilliseconds) < 1;

        public int GetHashCode(BackupRun? obj) => 0;
    }
}
