using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Outcomes.Jobs.Tests.Pull;

/// <summary>
/// A real OpenSSH server (Debian's openssh-server) on a free loopback port, with a throwaway host key and user key in a
/// folder of its own, serving SFTP to the account running the tests. Its remote folder is a local folder, so a test puts
/// files "on the server" by writing them there. Stopped by its process id, with the sessions it forked.
/// </summary>
internal sealed class OpenSshServer : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private OpenSshServer(Process process, string folder, int port)
    {
        (_process, Folder, Port) = (process, folder, port);
    }

    /// <summary>The sshd program, or null when it is not installed.</summary>
    public static string? Program { get; } = new[] { "/usr/sbin/sshd", "/usr/local/sbin/sshd" }.FirstOrDefault(File.Exists);

    public string Folder { get; }

    public int Port { get; }

    public string User { get; } = Environment.UserName;

    public string RemoteFolder => Path.Combine(Folder, "remote");

    public string UserKeyFile => Path.Combine(Folder, "user_key");

    /// <summary>The host key as a known_hosts line would hold it ("ssh-ed25519 AAAA... comment").</summary>
    public string HostKeyLine => File.ReadAllText(Path.Combine(Folder, "host_key.pub")).Trim();

    /// <summary>The host key's fingerprint as OpenSSH itself prints it (ssh-keygen -lf), not as the code under test computes it.</summary>
    public string HostKeyFingerprint => Run("ssh-keygen", "-lf", Path.Combine(Folder, "host_key.pub")).Split(' ')[1];

    /// <summary>Another server's host key: what an impostor would present.</summary>
    public string OtherHostKeyLine => File.ReadAllText(Path.Combine(Folder, "other_host_key.pub")).Trim();

    public string Log
    {
        get { lock (_output) { return _output.ToString(); } }
    }

    public static async Task<OpenSshServer> StartAsync()
    {
        var program = Program ?? throw new InvalidOperationException("sshd is not installed: run scripts/prerequisites.sh --tests.");
        var folder = TestJobs.NewFolder("sshd");
        Directory.CreateDirectory(Path.Combine(folder, "remote"));
        foreach (var key in new[] { "host_key", "user_key", "other_host_key" })
        {
            Run("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", key, "-f", Path.Combine(folder, key));
        }

        File.Copy(Path.Combine(folder, "user_key.pub"), Path.Combine(folder, "authorized_keys"));
        File.WriteAllText(Path.Combine(folder, "sshd_config"), $"""
            HostKey {folder}/host_key
            AuthorizedKeysFile {folder}/authorized_keys
            PidFile none
            StrictModes no
            PubkeyAuthentication yes
            PasswordAuthentication no
            KbdInteractiveAuthentication no
            PermitRootLogin prohibit-password
            UsePAM no
            Subsystem sftp internal-sftp
            LogLevel VERBOSE

            """);

        // sshd refuses to start without its privilege separation folder, which only a running system service creates.
        if (OperatingSystem.IsLinux() && !Directory.Exists("/run/sshd") && Environment.IsPrivilegedProcess)
        {
            Directory.CreateDirectory("/run/sshd", UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        var port = FreePort();
        var start = new ProcessStartInfo(program) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var argument in new[] { "-D", "-e", "-f", Path.Combine(folder, "sshd_config"), "-p", port.ToString(CultureInfo.InvariantCulture), "-o", "ListenAddress=127.0.0.1" })
        {
            start.ArgumentList.Add(argument);
        }

        var process = new Process { StartInfo = start };
        var server = new OpenSshServer(process, folder, port);
        process.OutputDataReceived += (_, e) => server.Note(e.Data);
        process.ErrorDataReceived += (_, e) => server.Note(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await server.WaitUntilListeningAsync();
        return server;
    }

    /// <summary>
    /// Drops every open connection as a crashed or restarted server would: the session processes this sshd forked are
    /// killed by their ids; the listening sshd stays up and takes the reconnection.
    /// </summary>
    public int DropSessions()
    {
        var sessions = Descendants(_process.Id);
        foreach (var pid in sessions)
        {
            try
            {
                using var session = Process.GetProcessById(pid);
                session.Kill();
            }
            catch (ArgumentException)
            {
                // Already gone.
            }
        }

        return sessions.Count;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        Directory.Delete(Folder, recursive: true);
    }

    private static List<int> Descendants(int root)
    {
        var parents = new Dictionary<int, int>();
        foreach (var folder in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(folder), out var pid))
            {
                continue;
            }

            try
            {
                // "pid (name) state ppid ...": the name may hold spaces, so read after its closing parenthesis.
                var stat = File.ReadAllText(Path.Combine(folder, "stat"));
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                parents[pid] = int.Parse(fields[1], CultureInfo.InvariantCulture);
            }
            catch (IOException)
            {
                // The process ended while the list was read.
            }
        }

        var found = new List<int>();
        var next = new Queue<int>([root]);
        while (next.TryDequeue(out var parent))
        {
            foreach (var child in parents.Where(p => p.Value == parent).Select(p => p.Key))
            {
                found.Add(child);
                next.Enqueue(child);
            }
        }

        return found;
    }

    private async Task WaitUntilListeningAsync()
    {
        var clock = Stopwatch.StartNew();
        while (!Log.Contains("Server listening on 127.0.0.1", StringComparison.Ordinal))
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"sshd exited with {_process.ExitCode} at start: {Log}");
            }

            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"sshd did not start listening within 30 s: {Log}");
            await Task.Delay(20);
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

    private static string Run(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"{program} {string.Join(' ', arguments)} failed: {error}");
        return output;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
