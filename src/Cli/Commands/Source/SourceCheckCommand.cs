using System.CommandLine;
using Outcomes.Cli.Console;
using Outcomes.Ingest.Contract;
using Outcomes.Ingest.Profiles;

namespace Outcomes.Cli.Commands.Source;

/// <summary>
/// <c>outcomes source check PROFILE FOLDER</c>: what a source profile makes of a folder of a center's exports — the
/// rows that would load, those that would be quarantined and why — without touching the database.
/// </summary>
internal static class SourceCheckCommand
{
    /// <summary>Exit code when the profile cannot be used (the message names its line and member).</summary>
    public const int ProfileRefusedExitCode = 1;

    /// <summary>What <c>outcomes source check</c> was asked for: the profile and the folder of exports.</summary>
    internal sealed record Settings(FileInfo Profile, DirectoryInfo Folder);

    public static Command Create(CliContext context)
    {
        var profile = new Argument<FileInfo>("profile") { Description = "The source profile (JSON; see docs/source-profiles.md)." };
        var folder = new Argument<DirectoryInfo>("folder") { Description = "The folder holding the center's export files." };
        var check = new Command("check", "Show what the profile makes of the exports: rows that would load, rows that would be quarantined and why. Writes nothing.")
        {
            profile, folder,
        };
        check.SetAction(parse => Run(context, new Settings(parse.GetValue(profile)!, parse.GetValue(folder)!)));
        return check;
    }

    public static int Run(CliContext context, Settings settings)
    {
        if (!TryLoad(settings.Profile, out var loaded))
        {
            return ProfileRefusedExitCode;
        }

        var report = SourceCheck.Run(loaded, settings.Folder.FullName, new IngestOptions { Today = context.Today });
        Print(context.Output, loaded, report);
        return report.Staging.RejectedExports.Count > 0 ? IngestCommand.FileRejectedExitCode : 0;
    }

    /// <summary>Loads a profile, or prints why it cannot be used (file, line, member) and returns false.</summary>
    public static bool TryLoad(FileInfo file, out LoadedProfile profile)
    {
        try
        {
            profile = ProfileLoader.Load(file.FullName);
            return true;
        }
        catch (ProfileException ex)
        {
            System.Console.Error.WriteLine($"outcomes: the profile cannot be used:{Environment.NewLine}{VisibleText.Of(ex.Message)}");
            profile = null!;
            return false;
        }
    }

    /// <summary>The exports the profile refused whole, the files it does not name and the rows it was told to ignore.</summary>
    public static void PrintStaging(TextWriter output, LoadedProfile profile, StagingResult staging)
    {
        foreach (var (file, reason) in staging.RejectedExports)
        {
            output.WriteLine($"{VisibleText.Of(file)}: refused, nothing of it would load: {VisibleText.Of(reason)}");
        }

        foreach (var name in staging.IgnoredFiles)
        {
            output.WriteLine($"{VisibleText.Of(name)}: no export of profile {VisibleText.Of(profile.Name)} has this name; left alone");
        }

        foreach (var (file, rows) in staging.IgnoredRows.Where(r => r.Value > 0))
        {
            output.WriteLine($"{VisibleText.Of(file)}: {rows:N0} row(s) left out by the profile's ignoreRows");
        }
    }

    private static void Print(TextWriter output, LoadedProfile profile, SourceCheckReport report)
    {
        output.WriteLine($"profile {VisibleText.Of(profile.Name)} ({VisibleText.Of(profile.FileName)}, sha256 {profile.Sha256[..12]}…)");
        var files = new TextTable("export", "contract file", "rows", "would load", "quarantined");
        foreach (var file in report.Files)
        {
            files.Add(file.ExportFile, file.Contract, file.Rows, file.WouldLoad, file.Quarantined.Count);
        }

        files.Write(output);
        if (report.RowsQuarantined > 0)
        {
            output.WriteLine();
            var issues = new TextTable("export", "line", "contract file", "field", "reason");
            foreach (var file in report.Files)
            {
                foreach (var issue in file.Quarantined)
                {
                    issues.Add(file.ExportFile, issue.Line, file.Contract, issue.Field ?? "(row)", issue.Reason);
                }
            }

            issues.Write(output);
        }

        PrintStaging(output, profile, report.Staging);
        output.WriteLine("Nothing was written. References between files (a session's episode, an episode's patient) and repeated ids are checked when the files load.");
    }
}
