using System.Diagnostics;
using System.Text.RegularExpressions;
using Outcomes.Database.Migrations;
using Outcomes.TestSupport;

namespace Outcomes.Jobs.Tests.Upgrades;

/// <summary>
/// The previous release, as <c>previous-release.txt</c> beside this file names it: its commit, whether this clone holds
/// it (a shallow checkout does not), and the schema version its migrations reach, read from git without building.
/// </summary>
internal static partial class PreviousRelease
{
    private static readonly Lazy<(string Commit, string? Missing, int SchemaVersion)> Found = new(Find);

    public static string Commit => Found.Value.Commit;

    /// <summary>Why the previous release cannot be built here, or null when it can.</summary>
    public static string? Missing => Found.Value.Missing;

    /// <summary>The highest migration the previous release carries.</summary>
    public static int SchemaVersion => Found.Value.SchemaVersion;

    public static string Root => RepositoryData.RepositoryRoot();

    private static (string, string?, int) Find()
    {
        var file = Path.Combine(Root, "tests", "Jobs.Tests", "Upgrades", "previous-release.txt");
        var commit = File.ReadLines(file).Select(l => l.Trim()).Single(l => l.Length > 0 && !l.StartsWith('#'));
        var (exit, _, _) = Git("cat-file", "-e", commit + "^{commit}");
        if (exit != 0)
        {
            return (commit, $"the previous release's commit {commit[..12]} (tests/Jobs.Tests/Upgrades/previous-release.txt) is not in this clone's history " +
                "(a shallow checkout?): `git fetch --unshallow` brings it, and the two-build upgrade test runs", 0);
        }

        var (_, names, _) = Git("ls-tree", "--name-only", commit, "db/migrations/");
        var version = names.Split('\n').Select(n => MigrationName().Match(Path.GetFileName(n.Trim())))
            .Where(m => m.Success).Max(m => int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture));
        if (version >= MigrationRunner.BuildVersion)
        {
            return (commit, $"this build carries no migration over the previous release ({commit[..12]}, schema {version:0000}): " +
                "there is nothing to migrate, and an upgrade is a restart with the new build", version);
        }

        return (commit, null, version);
    }

    /// <summary>Runs git in the checkout; its exit code, output and errors.</summary>
    public static (int ExitCode, string Output, string Errors) Git(params string[] arguments)
    {
        var start = new ProcessStartInfo("git") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add("-C");
        start.ArgumentList.Add(Root);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        try
        {
            using var git = Process.Start(start)!;
            var output = git.StandardOutput.ReadToEndAsync();
            var errors = git.StandardError.ReadToEnd();
            git.WaitForExit();
            return (git.ExitCode, output.Result, errors);
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            return (-1, "", "git could not be started: " + ex.Message);
        }
    }

    [GeneratedRegex(@"^(\d{4})_[a-z0-9_]+\.sql$")]
    private static partial Regex MigrationName();
}
