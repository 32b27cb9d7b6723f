using System.Diagnostics;
using System.Formats.Tar;
using Outcomes.TestSupport;

namespace Outcomes.Jobs.Tests.Upgrades;

/// <summary>
/// The previous release's <c>outcomes</c>, built once per test class: its commit taken out of git with
/// <c>git archive</c> into a temporary folder (never the checkout's working folders) and its command project built in
/// Release with the repository's own settings (warnings are errors), as a hospital would have installed it.
/// </summary>
public sealed class PreviousReleaseBuild : IAsyncLifetime
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), $"outcomes-previous-release-{Guid.NewGuid():N}"[..44]);

    /// <summary>The previous release's program, to run with <see cref="CliProcess.StartBuild"/>.</summary>
    public string Program { get; private set; } = "";

    public async Task InitializeAsync()
    {
        if (PreviousRelease.Missing is not null)
        {
            return;
        }

        Directory.CreateDirectory(_folder);
        var archive = Path.Combine(_folder, "source.tar");
        var (exit, _, errors) = PreviousRelease.Git("archive", "--format=tar", "-o", archive, PreviousRelease.Commit);
        Assert.True(exit == 0, "git archive failed: " + errors);
        var source = Path.Combine(_folder, "source");
        Directory.CreateDirectory(source);
        await TarFile.ExtractToDirectoryAsync(archive, source, overwriteFiles: false);
        File.Delete(archive);

        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = source,
        };
        foreach (var argument in new[] { "build", Path.Combine("src", "Cli", "Outcomes.Cli.csproj"), "-c", "Release", "--disable-build-servers", "-nologo", "-v", "q" })
        {
            start.ArgumentList.Add(argument);
        }

        // The test host's own MSBuild settings would point the build at this checkout's SDK resolution: the release builds alone.
        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            start.Environment.Remove(name);
        }

        using var build = Process.Start(start)!;
        var output = build.StandardOutput.ReadToEndAsync();
        var buildErrors = await build.StandardError.ReadToEndAsync();
        await build.WaitForExitAsync();
        Assert.True(build.ExitCode == 0, $"the previous release ({PreviousRelease.Commit[..12]}) did not build:\n{await output}\n{buildErrors}");
        // Under its own target framework's folder, whichever that release targets.
        Program = Directory.GetFiles(Path.Combine(source, "src", "Cli", "bin", "Release"), "outcomes.dll", SearchOption.AllDirectories).Single();
    }

    public Task DisposeAsync()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }

        return Task.CompletedTask;
    }
}
