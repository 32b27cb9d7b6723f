using Npgsql;
using Outcomes.Analytics.Periods;
using Outcomes.Analytics.Runs;
using Outcomes.Analytics.Suppression;
using Outcomes.Database.Backup;
using Outcomes.Database.Migrations;
using Outcomes.TestSupport;
using Xunit;

namespace Outcomes.Cli.Tests.Commands;

/// <summary>
/// <c>outcomes db backup</c> and <c>restore</c> through the real program on a real PostgreSQL: a generated cohort is
/// ingested and backed up once; restores go into fresh databases of their own, dropped afterwards.
/// </summary>
[Trait(TestCategory.Name, TestCategory.Process)]
public sealed class BackupRestoreTests(TestDatabase source) : IClassFixture<TestDatabase>, IAsyncLifetime
{
    private const string Period = "12m:2025-12";
    private static readonly DateOnly DataThrough = new(2025, 12, 31);

    private readonly string _folder = Directory.CreateTempSubdirectory("outcomes-backup-").FullName;
    private readonly List<string> _databases = [];
    private string _backup = null!;
    private string _backupOutput = null!;

    public async Task InitializeAsync()
    {
        var cohort = Path.Combine(_folder, "cohort");
        await RunAsync(source.ConnectionString, "generate", "--out", cohort, "--episodes", "400", "--facilities", "2", "--months", "12", "--seed", "9", "--end-date", "2025-12-31");
        await RunAsync(source.ConnectionString, "ingest", Path.Combine(cohort, "drop"));
        _backup = Path.Combine(_folder, "outcomes.backup");
        _backupOutput = await RunAsync(source.ConnectionString, "db", "backup", "--out", _backup);
    }

    public async Task DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await using var admin = new NpgsqlConnection(await TestDatabase.AdminConnectionStringAsync());
        await admin.OpenAsync();
        foreach (var name in _databases)
        {
            await using var drop = new NpgsqlCommand($"drop database if exists {name} with (force)", admin);
            await drop.ExecuteNonQueryAsync();
        }

        Directory.Delete(_folder, recursive: true);
    }

    [LocalPostgresFact(ClientOnly = true)]
    public async Task A_backup_restored_into_a_fresh_database_gives_identical_analysis_figures()
    {
        var target = await FreshDatabaseAsync();

        var output = await RunAsync(target, "db", "restore", _backup);

        Assert.Contains("matches its manifest", output, StringComparison.Ordinal);
        var before = await AnalyseAsync(source.ConnectionString);
        var after = await AnalyseAsync(target);
        Assert.True(before.Count > 100, $"only {before.Count} figures");
        Assert.Contains(before, f => f.Estimate is not null && !f.Suppressed);
        Assert.Contains(before, f => f.Suppressed);
        Assert.Equal(before, after);
    }

    [LocalPostgresFact(ClientOnly = true)]
    public async Task A_restore_gives_the_roles_their_grants_again_and_both_the_backup_and_the_restore_are_audited()
    {
        var target = await FreshDatabaseAsync();

        await RunAsync(target, "db", "restore", _backup);

        // Restored without owners and privileges, then granted again by db/grants.sql.
        Assert.Equal("outcomes_owner", await TextAsync(target, "select tableowner::text from pg_tables where tablename = 'attendance_session'"));
        Assert.Equal("0", await TextAsync(target, "select count(*)::text from pg_tables where schemaname = 'public' and tableowner <> 'outcomes_owner'"));
        Assert.Equal("0", await TextAsync(target, "select count(*)::text from pg_class where relnamespace = 'public'::regnamespace and relrowsecurity and not relforcerowsecurity"));
        Assert.Equal("true", await TextAsync(target, "select has_table_privilege('outcomes_analyst', 'episode', 'select')::text"));
        Assert.Equal("false", await TextAsync(target, "select has_table_privilege('outcomes_analyst', 'patient_identity', 'select')::text"));
        Assert.Equal("1", await TextAsync(target, "select count(*)::text from audit_event where action = 'restore'"));
        Assert.NotEqual("0", await TextAsync(source.ConnectionString, "select count(*)::text from audit_event where action = 'backup'"));
    }

    [LocalPostgresFact(ClientOnly = true)]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task A_backup_is_owner_only_and_its_manifest_records_size_hash_and_schema_version()
    {
        var manifest = BackupManifest.ReadFor(_backup)!;

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(_backup));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(BackupManifest.PathFor(_backup)));
        Assert.Equal(new FileInfo(_backup).Length, manifest.Bytes);
        Assert.Equal(await source.ScalarAsync<int>("select max(version) from schema_migration"), manifest.SchemaVersion);
        Assert.Contains($"SHA-256:        {manifest.Sha256}", _backupOutput, StringComparison.Ordinal);
        Assert.Contains($"schema version: {manifest.SchemaVersion:0000}", _backupOutput, StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFiles(_folder, "*.partial"));
        var password = new NpgsqlConnectionStringBuilder(source.ConnectionString).Password;
        Assert.False(string.IsNullOrEmpty(password));
        Assert.DoesNotContain(password, _backupOutput, StringComparison.Ordinal);
        Assert.DoesNotContain(password, await File.ReadAllTextAsync(BackupManifest.PathFor(_backup)), StringComparison.Ordinal);
    }

    [LocalPostgresFact(ClientOnly = true)]
    public async Task A_truncated_backup_is_refused_naming_the_file_and_the_target_is_left_untouched()
    {
        var truncated = Path.Combine(_folder, "truncated.backup");
        var bytes = await File.ReadAllBytesAsync(_backup);
        await File.WriteAllBytesAsync(truncated, bytes[..(bytes.Length / 2)]);
        File.Copy(BackupManifest.PathFor(_backup), BackupManifest.PathFor(truncated));
        var bare = Path.Combine(_folder, "bare.backup");
        await File.WriteAllBytesAsync(bare, bytes[..(bytes.Length / 2)]);
        var target = await FreshDatabaseAsync();

        var withManifest = await CliProcess.RunAsync(target, "db", "restore", truncated);
        var withoutManifest = await CliProcess.RunAsync(target, "db", "restore", bare);
        var notABackup = await CliProcess.RunAsync(target, "db", "restore", BackupManifest.PathFor(_backup));

        Assert.Equal(1, withManifest.ExitCode);
        Assert.Contains($"{truncated} does not match its manifest", withManifest.Errors, StringComparison.Ordinal);
        Assert.Contains("truncated or altered", withManifest.Errors, StringComparison.Ordinal);
        Assert.Equal(1, withoutManifest.ExitCode);
        Assert.Contains(bare, withoutManifest.Errors, StringComparison.Ordinal);
        Assert.Equal(1, notABackup.ExitCode);
        Assert.Contains("is not an Outcomes backup: expected a PostgreSQL custom-format archive", notABackup.Errors, StringComparison.Ordinal);
        Assert.Equal(0, await TablesAsync(target));
    }

    [LocalPostgresFact(ClientOnly = true)]
    public async Task A_backup_from_a_newer_schema_than_this_build_knows_is_refused()
    {
        var newer = Path.Combine(_folder, "newer.backup");
        File.Copy(_backup, newer);
        var manifest = BackupManifest.ReadFor(_backup)! with { File = "newer.backup", SchemaVersion = 9999 };
        await File.WriteAllTextAsync(BackupManifest.PathFor(newer), manifest.ToJson());
        var target = await FreshDatabaseAsync();

        var refused = await CliProcess.RunAsync(target, "db", "restore", newer);

        Assert.Equal(1, refused.ExitCode);
        Assert.Contains($"{newer} holds schema version 9999, newer than this build of Outcomes knows", refused.Errors, StringComparison.Ordinal);
        Assert.Equal(0, await TablesAsync(target));
    }

    [LocalPostgresFact(ClientOnly = true)]
    public async Task A_restore_over_a_database_holding_data_is_refused_without_force()
    {
        var episodes = await source.ScalarAsync<long>("select count(*) from episode");

        var refused = await CliProcess.RunAsync(source.ConnectionString, "db", "restore", _backup);

        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("is not empty", refused.Errors, StringComparison.Ordinal);
        Assert.Contains("--force", refused.Errors, StringComparison.Ordinal);
        Assert.Equal(episodes, await source.ScalarAsync<long>("select count(*) from episode"));
    }

    [LocalPostgresFact(ClientOnly = true)]
    public async Task Force_replaces_a_database_holding_other_data_with_the_backup()
    {
        var target = await FreshDatabaseAsync();
        var other = Path.Combine(_folder, "other");
        await RunAsync(target, "generate", "--out", other, "--episodes", "50", "--facilities", "1", "--months", "6", "--seed", "3", "--end-date", "2025-12-31");
        await RunAsync(target, "ingest", Path.Combine(other, "drop"));

        var output = await RunAsync(target, "db", "restore", _backup, "--force");

        Assert.Contains("schema version", output, StringComparison.Ordinal);
        Assert.Equal(await AnalyseAsync(source.ConnectionString), await AnalyseAsync(target));
        Assert.Equal(await source.ScalarAsync<long>("select count(*) from episode"), await CountAsync(target, "episode"));
    }

    [LocalPostgresFact(ClientOnly = true)]
    public async Task A_backup_from_before_a_migration_is_brought_up_to_date_after_the_restore()
    {
        // A database as it was before migration 0014 (action plans): its tables gone and its ledger row removed.
        var old = await FreshDatabaseAsync();
        await using (var dataSource = NpgsqlDataSource.Create(old))
        {
            await new MigrationRunner().MigrateAsync(dataSource);
            await using var undo = dataSource.CreateCommand(
                "drop table action_plan_event; drop table action_plan; delete from schema_migration where version = 14");
            await undo.ExecuteNonQueryAsync();
        }

        var backup = Path.Combine(_folder, "before-0014.backup");
        await RunAsync(old, "db", "backup", "--out", backup);
        var target = await FreshDatabaseAsync();

        var output = await RunAsync(target, "db", "restore", backup);

        Assert.Contains("after applying 0014_action_plans", output, StringComparison.Ordinal);
        Assert.Equal(1, await CountAsync(target, "schema_migration where version = 14"));
        Assert.Equal(0, await CountAsync(target, "action_plan"));
    }

    [LocalPostgresFact(ClientOnly = true)]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task A_pg_dump_older_than_the_server_or_missing_is_named_in_the_error_and_nothing_is_written()
    {
        var bin = Directory.CreateDirectory(Path.Combine(_folder, "old-bin")).FullName;
        foreach (var program in new[] { "pg_dump", "pg_restore" })
        {
            var script = Path.Combine(bin, program);
            await File.WriteAllTextAsync(script, $"#!/bin/sh\necho '{program} (PostgreSQL) 9.6.24'\n");
            File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        var empty = Directory.CreateDirectory(Path.Combine(_folder, "empty-bin")).FullName;
        var file = Path.Combine(_folder, "never.backup");

        var old = await CliProcess.RunWithEnvironmentAsync(source.ConnectionString, new Dictionary<string, string> { ["OUTCOMES_PG_BIN"] = bin }, "db", "backup", "--out", file);
        var missing = await CliProcess.RunWithEnvironmentAsync(source.ConnectionString, new Dictionary<string, string> { ["OUTCOMES_PG_BIN"] = empty }, "db", "backup", "--out", file);

        Assert.Equal(1, old.ExitCode);
        Assert.Contains("pg_dump is version 9 but the server runs PostgreSQL", old.Errors, StringComparison.Ordinal);
        Assert.Equal(1, missing.ExitCode);
        Assert.Contains("OUTCOMES_PG_BIN: no pg_dump in", missing.Errors, StringComparison.Ordinal);
        Assert.False(File.Exists(file));
        Assert.Empty(Directory.EnumerateFiles(_folder, "*.partial"));
    }

    private static async Task<IReadOnlyList<Figure>> AnalyseAsync(string connectionString)
    {
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        var run = await new PeriodAnalysis(dataSource, new SmallCellPolicy()).RunAsync(ReportingPeriod.Parse(Period), null, DataThrough);
        return [.. run.Figures
            .OrderBy(f => f.Metric, StringComparer.Ordinal).ThenBy(f => f.FacilityId, StringComparer.Ordinal)
            .ThenBy(f => f.LevelOfCare, StringComparer.Ordinal).ThenBy(f => f.ProgramKey).ThenBy(f => f.Grouping, StringComparer.Ordinal)];
    }

    private async Task<string> FreshDatabaseAsync()
    {
        var admin = await TestDatabase.AdminConnectionStringAsync();
        var name = "restore_" + Guid.NewGuid().ToString("N")[..16];
        await using (var connection = new NpgsqlConnection(admin))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"create database {name}", connection);
            await create.ExecuteNonQueryAsync();
        }

        _databases.Add(name);
        return new NpgsqlConnectionStringBuilder(admin) { Database = name }.ConnectionString;
    }

    private static async Task<long> CountAsync(string connectionString, string table)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var count = new NpgsqlCommand($"select count(*) from {table}", connection);
        return (long)(await count.ExecuteScalarAsync())!;
    }

    private static async Task<string> TextAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (string)(await command.ExecuteScalarAsync())!;
    }

    private static async Task<long> TablesAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var count = new NpgsqlCommand("select count(*) from pg_tables where schemaname not in ('pg_catalog', 'information_schema')", connection);
        return (long)(await count.ExecuteScalarAsync())!;
    }

    private static async Task<string> RunAsync(string connectionString, params string[] arguments)
    {
        var run = await CliProcess.RunAsync(connectionString, arguments);
        Assert.True(run.ExitCode == 0, $"outcomes {string.Join(' ', arguments)}: exit {run.ExitCode}\n{run.Output}\n{run.Errors}");
        return run.Output;
    }
}
