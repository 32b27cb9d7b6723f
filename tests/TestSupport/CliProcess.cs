using System.Diagnostics;
using System.Text;

namespace Outcomes.TestSupport;

/// <summary>Runs the real <c>outcomes</c> program in a child process against a given database.</summary>
public sealed class CliProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly StringBuilder _errors = new();

    private CliProcess(Process process)
    {
        _process = process;
    }

    public static CliProcess Start(string connectionString, params string[] arguments) => StartIn(connectionString, null, arguments);

    /// <summary>Runs the program with extra environment variables (e.g. <c>OUTCOMES_PG_BIN</c>) set for it alone.</summary>
    public static async Task<(int ExitCode, string Output, string Errors)> RunWithEnvironmentAsync(
        string connectionString, IReadOnlyDictionary<string, string> environment, params string[] arguments)
    {
        using var cli = StartIn(connectionString, null, arguments, environment);
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(8));
        await cli._process.WaitForExitAsync(timeout.Token);
        cli._process.WaitForExit();
        return (cli._process.ExitCode, cli.Output, cli.Errors);
    }

    /// <summary>Starts the program in <paramref name="workingDirectory"/> with extra environment variables set for it alone.</summary>
    public static CliProcess StartWithEnvironment(
        string connectionString, string workingDirectory, IReadOnlyDictionary<string, string> environment, params string[] arguments) =>
        StartIn(connectionString, workingDirectory, arguments, environment);

    /// <summary>Starts the program in <paramref name="workingDirectory"/> (default: the test's own).</summary>
    public static CliProcess StartIn(string connectionString, string? workingDirectory, params string[] arguments) =>
        StartIn(connectionString, workingDirectory, arguments, null);

    /// <summary>
    /// Starts another build of the program (<paramref name="program"/>: its <c>outcomes.dll</c>, such as the previous
    /// release built by a test) in <paramref name="workingDirectory"/>.
    /// </summary>
    public static CliProcess StartBuild(string program, string connectionString, string workingDirectory, params string[] arguments) =>
        StartIn(connectionString, workingDirectory, arguments, null, program);

    /// <summary>Runs another build of the program to its end (<see cref="StartBuild"/>).</summary>
    public static async Task<(int ExitCode, string Output, string Errors)> RunBuildAsync(
        string program, string connectionString, string workingDirectory, params string[] arguments)
    {
        using var cli = StartBuild(program, connectionString, workingDirectory, arguments);
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(8));
        await cli._process.WaitForExitAsync(timeout.Token);
        cli._process.WaitForExit();
        return (cli._process.ExitCode, cli.Output, cli.Errors);
    }

    private static CliProcess StartIn(
        string connectionString, string? workingDirectory, string[] arguments, IReadOnlyDictionary<string, string>? environment,
        string? program = null)
    {
        // A suite started as a background job of a non-interactive shell has SIGINT ignored, its children inherit that,
        // and .NET then installs no Ctrl+C handler (dotnet/coreclr#15393): the program starts with the default action,
        // as it does from a terminal.
        var start = new ProcessStartInfo(OperatingSystem.IsLinux() ? "env" : "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Directory.GetCurrentDirectory(),
        };
        if (OperatingSystem.IsLinux())
        {
            start.ArgumentList.Add("--default-signal=INT");
            start.ArgumentList.Add("dotnet");
        }

        start.ArgumentList.Add(program ?? Path.Combine(AppContext.BaseDirectory, "outcomes.dll"));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["OUTCOMES_CONNECTION"] = connectionString;
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }
        var process = new Process { StartInfo = start };
        var cli = new CliProcess(process);
        process.OutputDataReceived += (_, e) => { lock (cli._output) { cli._output.AppendLine(e.Data); } };
        process.ErrorDataReceived += (_, e) => { lock (cli._errors) { cli._errors.AppendLine(e.Data); } };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return cli;
    }

    public static async Task<(int ExitCode, string Output, string Errors)> RunAsync(string connectionString, params string[] arguments)
    {
        using var cli = Start(connectionString, arguments);
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(8));
        await cli._process.WaitForExitAsync(timeout.Token);
        cli._process.WaitForExit();
        return (cli._process.ExitCode, cli.Output, cli.Errors);
    }

    public string Output
    {
        get { lock (_output) { return _output.ToString(); } }
    }

    public string Errors
    {
        get { lock (_errors) { return _errors.ToString(); } }
    }

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    /// <summary>Asks the program to stop (SIGTERM) and waits for it, as a service manager would.</summary>
    public Task StopAsync(TimeSpan timeout) => SignalAsync("TERM", timeout);

    /// <summary>Sends the program a signal (<c>TERM</c>, or <c>INT</c> as Ctrl+C does) and waits for it to end.</summary>
    public async Task SignalAsync(string signal, TimeSpan timeout)
    {
        if (_process.HasExited)
        {
            return;
        }

        using (var kill = System.Diagnostics.Process.Start("kill", ["-" + signal, _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        using var wait = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(wait.Token);
    }

    /// <summary>Kills the process outright, as a power cut or OOM killer would: no cleanup runs.</summary>
    public void Kill()
    {
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        _process.Dispose();
    }
}
