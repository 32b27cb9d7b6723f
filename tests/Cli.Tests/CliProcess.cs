using System.Diagnostics;
using System.Text;

namespace Outcomes.Cli.Tests;

/// <summary>Runs the real <c>outcomes</c> program in a child process against a given database.</summary>
internal sealed class CliProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly StringBuilder _errors = new();

    private CliProcess(Process process)
    {
        _process = process;
    }

    public static CliProcess Start(string connectionString, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "outcomes.dll"));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["OUTCOMES_CONNECTION"] = connectionString;
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
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
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
