using System.CommandLine;
using Outcomes.Cli.Arguments;
using Outcomes.Cli.Console;
using Outcomes.Database.Connection;
using Outcomes.Ingest.Contract;
using Outcomes.Ingest.Contract.Instruments;
using Outcomes.Ingest.Loading;
using Outcomes.Jobs.Configuration;

namespace Outcomes.Cli.Commands;

/// <summary>
/// <c>outcomes ingest FOLDER</c>: validate and load a drop folder of contract CSV files; with <c>--profile</c>, a folder
/// of a center's own export files, turned into contract files by its source profile (<see cref="ProfileIngest"/>).
/// </summary>
internal static class IngestCommand
{
    /// <summary>Exit code when a file was rejected as a whole (its rows did not load).</summary>
    public const int FileRejectedExitCode = 3;

    /// <summary>What <c>outcomes ingest</c> was asked for.</summary>
    internal sealed record Settings(DirectoryInfo Folder, bool Force, int OverrunMinutes, FileInfo? Profile = null, string? Config = null);

    public static Command Create(CliContext context)
    {
        var folder = new Argument<DirectoryInfo>("folder") { Description = "The drop folder holding programs.csv, patients.csv, episodes.csv, sessions.csv, ..." };
        var force = new Option<bool>("--force") { Description = "Load files again even when an identical file (same SHA-256) was already loaded." };
        var overrun = CliOptions.Count("--overrun-minutes", $"How far attended minutes may exceed scheduled minutes (0 to {ClinicalLimits.MaxSessionMinutes}).",
            0, ClinicalLimits.MaxSessionMinutes, ClinicalLimits.DefaultAttendedOverrunMinutes);
        var profile = new Option<FileInfo?>("--profile")
        {
            Description = "A source profile (see docs/source-profiles.md): the folder holds a center's own export files, which the profile turns into contract files before they load.",
        };
        var config = new Option<string?>("--config")
        {
            Description = $"The settings file whose Jobs:Instruments declare the program's own instruments, as the server reads them (default: {JobsConfiguration.DefaultFileName} in the working folder, when there is one; see docs/instruments.md).",
        };
        var command = new Command("ingest", "Validate every file of a drop folder and load it; bad rows go to quarantine with their reason.")
        {
            folder, force, overrun, profile, config,
        };
        command.SetAction((parse, ct) => RunAsync(
            context, new Settings(parse.GetValue(folder)!, parse.GetValue(force), parse.GetValue(overrun), parse.GetValue(profile), parse.GetValue(config)), ct));
        return command;
    }

    public static async Task<int> RunAsync(CliContext context, Settings settings, CancellationToken ct)
    {
        var options = new IngestOptions
        {
            Force = settings.Force,
            AttendedOverrunMinutes = settings.OverrunMinutes,
            Today = context.Today,
            ProgramInstruments = ProgramInstruments(settings.Config),
        };
        if (settings.Profile is { } profile)
        {
            return await ProfileIngest.RunAsync(context, profile, settings.Folder, options, ct);
        }

        await using var dataSource = await context.OpenDatabaseAsync(DatabaseRole.Ingest, ct);
        var result = await new FolderIngestor(dataSource, context.Logger)
            .IngestAsync(settings.Folder.FullName, options, context.IngestProgress(), ct);
        Print(context.Output, result);
        return result.AnyRejected ? FileRejectedExitCode : 0;
    }

    /// <summary>
    /// The program's own instruments the settings declare (<c>Jobs:Instruments</c>), checked as the server checks them: a
    /// problem stops the ingest before anything loads, naming the setting.
    /// </summary>
    internal static IReadOnlyList<Instrument> ProgramInstruments(string? config)
    {
        var jobs = JobsConfiguration.Read(config);
        var problems = ProgramInstrumentOptions.Problems(jobs.Instruments, "Jobs:Instruments");
        if (problems.Count > 0)
        {
            throw new InvalidOperationException($"the settings' program instruments cannot be used: {string.Join(" ", problems)}");
        }

        return ProgramInstrumentOptions.ToInstruments(jobs.Instruments);
    }

    public static void Print(TextWriter output, IngestRunResult result)
    {
        var table = new TextTable("file", "status", "batch", "read", "inserted", "updated", "unchanged", "quarantined", "seconds");
        foreach (var file in result.Files)
        {
            table.Add(file.FileName, file.Status.ToString().ToLowerInvariant(), file.BatchId, file.RowsRead, file.RowsInserted,
                file.RowsUpdated, file.RowsUnchanged, file.RowsQuarantined, file.Elapsed.TotalSeconds.ToString("F1", System.Globalization.CultureInfo.InvariantCulture));
        }

        table.Write(output);
        foreach (var file in result.Files.Where(f => f.Message is not null && f.Status != FileStatus.Skipped))
        {
            output.WriteLine($"{VisibleText.Of(file.FileName)}: {VisibleText.Of(file.Message)}");
        }

        foreach (var name in result.IgnoredFiles)
        {
            output.WriteLine($"{VisibleText.Of(name)}: not a data-contract file name; left alone");
        }

        if (result.RowsQuarantined > 0 || result.AnyRejected)
        {
            output.WriteLine($"{result.RowsQuarantined:N0} row(s) quarantined. See why with: outcomes quarantine list");
        }
    }
}
