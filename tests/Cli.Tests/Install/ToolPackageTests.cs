using System.Diagnostics;
using Outcomes.TestSupport;
using Xunit;

namespace Outcomes.Cli.Tests.Install;

/// <summary>
/// Outcomes installs like every .NET command-line tool: the package 'dotnet pack' makes installs with 'dotnet tool
/// install' and runs from any folder, keeping its embedded cluster in the user's data folder
/// (<c>$XDG_DATA_HOME/outcomes</c>) or <c>OUTCOMES_HOME</c>, never in a checkout. Everything happens in a temporary
/// folder: the tool path, the data folders and the cluster, which is stopped at the end.
/// </summary>
[Trait(TestCategory.Name, TestCategory.Slow)]
[Trait(TestCategory.Name, TestCategory.Process)]
public sealed class ToolPackageTests : IAsyncLifetime
{
    private readonly string _work = Path.Combine(Path.GetTempPath(), "outcomes-tool-" + Guid.NewGuid().ToString("N")[..10]);

    private string Tool => Path.Combine(_work, "tools", "outcomes");

    private string Home => Path.Combine(_work, "home");

    private string Elsewhere => Path.Combine(_work, "elsewhere");

    [Fact]
    public async Task The_packed_tool_installs_into_a_tool_path_and_runs_from_another_folder_with_its_data_outside_the_checkout()
    {
        var packages = Path.Combine(_work, "packages");
        // The build this test runs from is packed as it is (no second build beside the running tests).
        var pack = await RunAsync("dotnet", RepositoryData.RepositoryRoot(), null,
            "pack", Path.Combine(RepositoryData.RepositoryRoot(), "src", "Cli", "Outcomes.Cli.csproj"), "-c", Configuration, "--no-build", "-o", packages, "-nologo");
        Assert.True(pack.ExitCode == 0, pack.Text);
        var package = Assert.Single(Directory.GetFiles(packages, "outcomes.*.nupkg"));
        var version = Path.GetFileNameWithoutExtension(package)["outcomes.".Length..];

        // Only the folder just packed into is a source: no other package named "outcomes" can be picked up.
        var config = Path.Combine(_work, "nuget.config");
        await File.WriteAllTextAsync(config, $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <clear />
                <add key="packed" value="{packages}" />
              </packageSources>
            </configuration>
            """);
        var install = await RunAsync("dotnet", _work, null,
            "tool", "install", "outcomes", "--tool-path", Path.Combine(_work, "tools"), "--configfile", config, "--version", version);
        Assert.True(install.ExitCode == 0, install.Text);

        var shown = await RunAsync(Tool, Elsewhere, null, "--version");
        Assert.True(shown.ExitCode == 0, shown.Text);
        Assert.StartsWith(version, shown.Output.Trim(), StringComparison.Ordinal);


        // Not run from a checkout and without OUTCOMES_HOME: the user's data folder.
        var xdg = Path.Combine(_work, "xdg");
        var fresh = await RunAsync(Tool, Elsewhere, new() { ["XDG_DATA_HOME"] = xdg }, "db", "status");
        Assert.True(fresh.ExitCode == 0, fresh.Text);
        Assert.Contains("Embedded PostgreSQL: not created", fresh.Output, StringComparison.Ordinal);
        Assert.Contains(Path.Combine(xdg, "outcomes", "postgres"), fresh.Output, StringComparison.Ordinal);

        // With OUTCOMES_HOME: a cluster of its own there, migrated by the migrations and grants the package carries.
        var home = new Dictionary<string, string> { ["OUTCOMES_HOME"] = Home };
        var start = await RunAsync(Tool, Elsewhere, home, "db", "start");
        Assert.True(start.ExitCode == 0, start.Text);
        var migrate = await RunAsync(Tool, Elsewhere, home, "db", "migrate");
        Assert.True(migrate.ExitCode == 0, migrate.Text);
        var status = await RunAsync(Tool, Elsewhere, home, "db", "status");
        Assert.True(status.ExitCode == 0, status.Text);
        Assert.Contains("Embedded PostgreSQL: running", status.Output, StringComparison.Ordinal);
        Assert.Contains("(up to date)", status.Output, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(Elsewhere, ".outcomes")), "the tool wrote into the folder it was run from");
    }

    public Task InitializeAsync()
    {
        Directory.CreateDirectory(Elsewhere);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        if (File.Exists(Tool) && Directory.Exists(Home))
        {
            var stop = await RunAsync(Tool, Elsewhere, new() { ["OUTCOMES_HOME"] = Home }, "db", "stop");
            Assert.True(stop.ExitCode == 0, "the test's cluster did not stop: " + stop.Text);
        }

        Directory.Delete(_work, recursive: true);
    }

    /// <summary>The configuration these tests were built in (Release under ./run-tests), which the pack reuses.</summary>
    private static string Configuration =>
        AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Debug{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Debug" : "Release";

    private static async Task<Run> RunAsync(
        string program, string workingDirectory, Dictionary<string, string>? environment, params string[] arguments)
    {
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // Nothing of the developer's own database settings reaches the tool.
        foreach (var name in new[] { "OUTCOMES_CONNECTION", "OUTCOMES_HOME", "XDG_DATA_HOME" })
        {
            start.Environment.Remove(name);
        }

        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        foreach (var (name, value) in environment ?? [])
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(10));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        return new Run(process.ExitCode, await output, $"{program} {string.Join(' ', arguments)}\n{await output}{await errors}");
    }

    /// <summary>A finished program: its exit code, what it printed, and both streams with the command for a failure message.</summary>
    private sealed record Run(int ExitCode, string Output, string Text);
}
