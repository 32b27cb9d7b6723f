using System.CommandLine;
using Dapper;
using Outcomes.Database.Audit;
using Outcomes.Database.Backup;
using Outcomes.Database.Connection;
using Outcomes.Database.Embedded;
using Outcomes.Database.Migrations;

namespace Outcomes.Cli.Commands;

/// <summary><c>outcomes db start | stop | status | migrate | backup | restore</c>.</summary>
internal static class DbCommands
{
    public static Command Create(CliContext context)
    {
        var db = new Command("db", "Manage the database: the embedded cluster, or the server named by OUTCOMES_CONNECTION.");

        var start = new Command("start", "Start the embedded PostgreSQL cluster (creating it the first time).");
        start.SetAction(async (_, ct) =>
        {
            if (!ExternalServerNotice(context))
            {
                var cluster = EmbeddedCluster.ForProject(context.Logger);
                await cluster.EnsureStartedAsync(ct);
                await PrintStatusAsync(context, cluster, ct);
            }

            return 0;
        });

        var stop = new Command("stop", "Stop the embedded cluster cleanly (open transactions roll back; data stays consistent).");
        stop.SetAction(async (_, ct) =>
        {
            if (!ExternalServerNotice(context))
            {
                await EmbeddedCluster.ForProject(context.Logger).StopAsync(ct);
                context.Output.WriteLine("Embedded PostgreSQL is stopped.");
            }

            return 0;
        });

        var status = new Command("status", "Show where the data lives, whether the server runs, and the schema version.");
        status.SetAction(async (_, ct) =>
        {
            var settings = context.Settings;
            if (settings.UsesEmbeddedCluster)
            {
                var cluster = EmbeddedCluster.ForProject(context.Logger);
                if (!await PrintStatusAsync(context, cluster, ct))
                {
                    return 0;
                }
            }
            else
            {
                context.Output.WriteLine($"Server: {DatabaseSettings.Describe(settings.ConnectionString!)} (from {DatabaseSettings.ConnectionVariable})");
            }

            var connectionString = await OutcomesDatabase.ResolveConnectionStringAsync(settings, context.Logger, ct);
            await using var connection = new Npgsql.NpgsqlConnection(connectionString);
            await connection.OpenAsync(ct);
            var hasLedger = await connection.ExecuteScalarAsync<bool>(new CommandDefinition(
                "select to_regclass('schema_migration') is not null", cancellationToken: ct));
            var version = hasLedger
                ? await connection.ExecuteScalarAsync<int?>(new CommandDefinition("select max(version) from schema_migration", cancellationToken: ct))
                : null;
            var latest = MigrationRunner.Embedded().Max(m => m.Version);
            context.Output.WriteLine($"Schema: {(version is null ? "not created" : $"version {version:0000}")}; this build has {latest:0000}" +
                (version == latest ? " (up to date)" : " (run 'outcomes db migrate')"));
            return 0;
        });

        var migrate = new Command("migrate", "Apply the numbered schema migrations that have not run yet.");
        migrate.SetAction(async (_, ct) =>
        {
            var connectionString = await OutcomesDatabase.ResolveConnectionStringAsync(context.Settings, context.Logger, ct);
            await using var dataSource = Npgsql.NpgsqlDataSource.Create(connectionString);
            var applied = await new MigrationRunner(context.Logger).MigrateAsync(dataSource, ct);
            context.Output.WriteLine(applied.Count == 0
                ? "Schema is up to date."
                : $"Applied {applied.Count} migration(s): {string.Join(", ", applied.Select(m => $"{m.Version:0000}_{m.Name}"))}");
            return 0;
        });

        var backupFile = new Option<FileInfo>("--out") { Description = "The backup file to write (custom format; never overwritten). It holds patient data: store it encrypted.", Required = true };
        var backup = new Command("backup", "Back up the whole database (pg_dump custom format, owner-only file) with a manifest of its SHA-256.") { backupFile };
        backup.SetAction(async (parse, ct) =>
        {
            var connectionString = await OutcomesDatabase.ResolveConnectionStringAsync(context.Settings, context.Logger, ct);
            var result = await new DatabaseBackup(connectionString, context.Time, context.Logger)
                .BackupAsync(parse.GetValue(backupFile)!.FullName, ct);
            var m = result.Manifest;
            context.Output.WriteLine($"Backup written: {result.File}");
            context.Output.WriteLine($"  size:           {m.Bytes:N0} bytes");
            context.Output.WriteLine($"  SHA-256:        {m.Sha256}");
            context.Output.WriteLine($"  schema version: {m.SchemaVersion:0000} ({m.SchemaName})");
            context.Output.WriteLine($"  manifest:       {result.ManifestFile}");
            context.Output.WriteLine("The file holds patient data: keep it encrypted, off this machine, where only administrators can read it.");
            await using (var admin = await context.OpenDatabaseAsync(DatabaseRole.Admin, ct))
            {
                await AuditLog.RecordAsync(admin, new AuditEntry("backup", Path.GetFileName(result.File),
                    Detail: $"{m.Bytes} bytes, SHA-256 {m.Sha256}, schema {m.SchemaVersion:0000}"), ct);
            }

            return 0;
        });

        var restoreFile = new Argument<FileInfo>("file") { Description = "A backup written by 'outcomes db backup'." };
        var force = new Option<bool>("--force") { Description = "Replace what the target database holds (by default a database with tables is refused)." };
        var restore = new Command("restore", "Restore a backup into the database (checked first; one transaction; then migrated).") { restoreFile, force };
        restore.SetAction(async (parse, ct) =>
        {
            var connectionString = await OutcomesDatabase.ResolveConnectionStringAsync(context.Settings, context.Logger, ct);
            var result = await new DatabaseRestore(connectionString, context.Logger)
                .RestoreAsync(parse.GetValue(restoreFile)!.FullName, parse.GetValue(force), ct);
            context.Output.WriteLine($"Restored {result.File} ({result.Bytes:N0} bytes, SHA-256 {result.Sha256}" +
                (result.CheckedAgainstManifest ? ", matches its manifest)" : "; no manifest to check it against)"));
            context.Output.WriteLine($"  into:           {DatabaseSettings.Describe(connectionString)}");
            context.Output.WriteLine($"  schema version: {result.SchemaVersion:0000}" + (result.Applied.Count == 0
                ? " (as backed up)"
                : $" after applying {string.Join(", ", result.Applied.Select(a => $"{a.Version:0000}_{a.Name}"))}"));
            await using (var admin = await context.OpenDatabaseAsync(DatabaseRole.Admin, ct))
            {
                await AuditLog.RecordAsync(admin, new AuditEntry("restore", Path.GetFileName(result.File),
                    Detail: $"{result.Bytes} bytes, SHA-256 {result.Sha256}, schema {result.SchemaVersion:0000}{(parse.GetValue(force) ? ", --force" : "")}"), ct);
            }

            return 0;
        });

        db.Subcommands.Add(start);
        db.Subcommands.Add(stop);
        db.Subcommands.Add(status);
        db.Subcommands.Add(migrate);
        db.Subcommands.Add(backup);
        db.Subcommands.Add(restore);
        return db;
    }

    private static bool ExternalServerNotice(CliContext context)
    {
        var settings = context.Settings;
        if (settings.UsesEmbeddedCluster)
        {
            return false;
        }

        context.Output.WriteLine(
            $"{DatabaseSettings.ConnectionVariable} names a server ({DatabaseSettings.Describe(settings.ConnectionString!)}); " +
            "the embedded cluster is not used, so there is nothing to start or stop.");
        return true;
    }

    private static async Task<bool> PrintStatusAsync(CliContext context, EmbeddedCluster cluster, CancellationToken ct)
    {
        var status = await cluster.StatusAsync(ct);
        context.Output.WriteLine($"Embedded PostgreSQL: {(status.Running ? "running" : status.Initialized ? "stopped" : "not created")}");
        context.Output.WriteLine($"  data folder: {status.DataDirectory}");
        if (status.Port is not null)
        {
            context.Output.WriteLine($"  listens on:  127.0.0.1:{status.Port} (loopback only, password authentication)");
        }

        return status.Running;
    }
}
