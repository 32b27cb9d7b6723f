using Outcomes.Cli.Commands.Source;
using Outcomes.Cli.Console;
using Outcomes.Database.Connection;
using Outcomes.Ingest.Contract;
using Outcomes.Ingest.Profiles;

namespace Outcomes.Cli.Commands;

/// <summary><c>outcomes ingest --profile PROFILE FOLDER</c>: a center's exports, turned into contract files by its profile, loaded.</summary>
internal static class ProfileIngest
{
    public static async Task<int> RunAsync(CliContext context, FileInfo profileFile, DirectoryInfo folder, IngestOptions options, CancellationToken ct)
    {
        if (!SourceCheckCommand.TryLoad(profileFile, out var profile))
        {
            return SourceCheckCommand.ProfileRefusedExitCode;
        }

        await using var dataSource = await context.OpenDatabaseAsync(DatabaseRole.Ingest, ct);
        var (run, staging) = await new ProfileIngestor(dataSource, context.Logger)
            .IngestAsync(profile, folder.FullName, options, context.IngestProgress(), ct);
        context.Output.WriteLine($"profile {VisibleText.Of(profile.Name)} ({VisibleText.Of(profile.FileName)}, sha256 {profile.Sha256[..12]}…)");
        IngestCommand.Print(context.Output, run);
        SourceCheckCommand.PrintStaging(context.Output, profile, staging);
        return run.AnyRejected || staging.RejectedExports.Count > 0 ? IngestCommand.FileRejectedExitCode : 0;
    }
}
