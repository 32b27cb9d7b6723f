using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Xunit;

namespace Outcomes.TestSupport.Alerts;

/// <summary>
/// A real SMTP server on a free loopback port: Debian's aiosmtpd with its debugging handler, which prints every message
/// it accepts (headers and body) to its standard output. Stopped by its process id.
/// </summary>
public sealed class SmtpServer : IAsyncDisposable
{
    public const string Python = "/usr/bin/python3";
    private const string EndOfMessage = "------------ END MESSAGE ------------";

    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private SmtpServer(Process process, int port) => (_process, Port) = (process, port);

    /// <summary>Whether Debian's python3-aiosmtpd is installed (the system Python, not another on PATH).</summary>
    public static bool Installed { get; } = File.Exists(Python) && Directory.Exists("/usr/lib/python3/dist-packages/aiosmtpd");

    public int Port { get; }

    /// <summary>Everything the server printed: the messages it accepted, each ending with its end marker.</summary>
    public string Output
    {
        get { lock (_output) { return _output.ToString(); } }
    }

    /// <summary>The messages accepted so far, each as printed (headers, a blank line, the body).</summary>
    public IReadOnlyList<string> Messages => [.. Output.Split(EndOfMessage).SkipLast(1)];

    public static async Task<SmtpServer> StartAsync()
    {
        var port = FreePort();
        // -u: unbuffered, so each message is seen as soon as it is accepted; -n: stay the user running the tests.
        var start = new ProcessStartInfo(Python) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var argument in new[] { "-u", "-m", "aiosmtpd", "-n", "-l", "127.0.0.1:" + port.ToString(CultureInfo.InvariantCulture) })
        {
            start.ArgumentList.Add(argument);
        }

        var process = new Process { StartInfo = start };
        var server = new SmtpServer(process, port);
        process.OutputDataReceived += (_, e) => server.Note(e.Data);
        process.ErrorDataReceived += (_, e) => server.Note(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await server.WaitUntilListeningAsync();
        return server;
    }

    /// <summary>Waits until at least <paramref name="count"/> messages arrived, and returns them all.</summary>
    public async Task<IReadOnlyList<string>> WaitForMessagesAsync(int count, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (Messages.Count < count)
        {
            Assert.True(clock.Elapsed < timeout, $"The SMTP server received {Messages.Count} of {count} messages within {timeout.TotalSeconds:F0} s: {Output}");
            await Task.Delay(50);
        }

        return Messages;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private async Task WaitUntilListeningAsync()
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            Assert.False(_process.HasExited, $"aiosmtpd exited at start: {Output}");
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, Port);
                return;
            }
            catch (SocketException) when (clock.Elapsed < TimeSpan.FromSeconds(30))
            {
                await Task.Delay(50);
            }
        }
    }

    private void Note(string? line)
    {
        if (line is not null)
        {
            lock (_output)
            {
                _output.AppendLine(line);
            }
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
