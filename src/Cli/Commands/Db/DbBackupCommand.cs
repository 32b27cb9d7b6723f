using System.CommandLine;
using Outcomes.Database.Audit;
using Outcomes.Database.Backup;
using Outcomes.Database.Connection;

namespace Outcomes.Cli.Commands.Db;

/// <summary><c>outcomes db backup --out FILE</c>: the whole database in pg_dump's custom format, with a manifest.</summary>
internal static class DbBackupCommand
{
    /// <summary>What <c>outcomes db backup</c> was asked for.</summary>
    internal sealed record Settings(FileInfo Out);

    public static Command Create(CliContext context)
    {
        var backupFile = new Option<FileInfo>("--out") { Description = "The backup file to write (custom format; never overwritten). It holds patient data: store it encrypted.", Required = true };
        var backup = new Command("backup", "Back up the whole database (pg_dump custom format, owner-only file) with a manifest of its SHA-256.") { backupFile };
        backup.SetAction((parse, ct) => RunAsync(context, new Settings(parse.GetValue(backupFile)!), ct));
        return backup;
    }

    public static async Task<int> RunAsync(CliContext context, Settings settings, CancellationToken ct)
    {
        var connectionString = await OutcomesDatabase.ResolveConnectionStringAsync(context.Settings, context.Logger, ct);
        var result = await new DatabaseBackup(connectionString, context.Time, context.Logger).BackupAsync(settings.Out.FullName, ct);
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
    }
}
