using System.CommandLine;
using Outcomes.Database.Audit;
using Outcomes.Database.Backup;
using Outcomes.Database.Connection;

namespace Outcomes.Cli.Commands.Db;

/// <summary><c>outcomes db restore FILE [--force]</c>: restore a backup (checked first; one transaction; then migrated).</summary>
internal static class DbRestoreCommand
{
    /// <summary>What <c>outcomes db restore</c> was asked for.</summary>
    internal sealed record Settings(FileInfo File, bool Force);

    public static Command Create(CliContext context)
    {
        var restoreFile = new Argument<FileInfo>("file") { Description = "A backup written by 'outcomes db backup'." };
        var force = new Option<bool>("--force") { Description = "Replace what the target database holds (by default a database with tables is refused)." };
        var restore = new Command("restore", "Restore a backup into the database (checked first; one transaction; then migrated).") { restoreFile, force };
        restore.SetAction((parse, ct) => RunAsync(context, new Settings(parse.GetValue(restoreFile)!, parse.GetValue(force)), ct));
        return restore;
    }

    public static async Task<int> RunAsync(CliContext context, Settings settings, CancellationToken ct)
    {
        var connectionString = await OutcomesDatabase.ResolveConnectionStringAsync(context.Settings, context.Logger, ct);
        var result = await new DatabaseRestore(connectionString, context.Logger).RestoreAsync(settings.File.FullName, settings.Force, ct);
        context.Output.WriteLine($"Restored {result.File} ({result.Bytes:N0} bytes, SHA-256 {result.Sha256}" +
            (result.CheckedAgainstManifest ? ", matches its manifest)" : "; no manifest to check it against)"));
        context.Output.WriteLine($"  into:           {DatabaseSettings.Describe(connectionString)}");
        context.Output.WriteLine($"  schema version: {result.SchemaVersion:0000}" + (result.Applied.Count == 0
            ? " (as backed up)"
            : $" after applying {string.Join(", ", result.Applied.Select(a => $"{a.Version:0000}_{a.Name}"))}"));
        await using (var admin = await context.OpenDatabaseAsync(DatabaseRole.Admin, ct))
        {
            await AuditLog.RecordAsync(admin, new AuditEntry("restore", Path.GetFileName(result.File),
                Detail: $"{result.Bytes} bytes, SHA-256 {result.Sha256}, schema {result.SchemaVersion:0000}{(settings.Force ? ", --force" : "")}"), ct);
        }

        return 0;
    }
}
