using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.RegularExpressions;

namespace Outcomes.Jobs.Tests.Dashboard;

/// <summary>
/// A real nginx running the reverse-proxy recipe of docs/jobs.md, read from the document itself so that the recipe
/// and what is tested cannot drift apart. Only what a machine's own nginx.conf would provide (the process, log and
/// temporary paths, kept in a folder of its own) and the recipe's port, certificate and dashboard address are filled
/// in here. TLS is terminated with a throwaway self-signed certificate, which the client pins.
/// </summary>
internal sealed partial class NginxProxy : IAsyncDisposable
{
    private const string RecipeListen = "listen 443 ssl;";
    private const string RecipeCertificate = "/etc/ssl/outcomes/outcomes.crt";
    private const string RecipeKey = "/etc/ssl/outcomes/outcomes.key";
    private const string RecipeDashboard = "http://127.0.0.1:5080";

    private readonly Process _process;
    private readonly string _folder;
    private readonly StringBuilder _output = new();

    private NginxProxy(Process process, string folder, int port, string certificateHash)
    {
        (_process, _folder, Port, CertificateHash) = (process, folder, port, certificateHash);
    }

    /// <summary>The nginx program, or null when it is not installed.</summary>
    public static string? Program { get; } = Locate();

    public int Port { get; }

    public string Url => $"https://127.0.0.1:{Port}";

    /// <summary>The SHA-1 thumbprint of the certificate nginx presents: the client trusts this one and no other.</summary>
    public string CertificateHash { get; }

    public string ErrorLog => ReadIfExists(Path.Combine(_folder, "error.log"));

    public string AccessLog => ReadIfExists(Path.Combine(_folder, "access.log"));

    public static async Task<NginxProxy> StartRecipeAsync(int dashboardPort)
    {
        var program = Program ?? throw new InvalidOperationException("nginx is not installed: run scripts/prerequisites.sh.");
        var folder = TestJobs.NewFolder("nginx");
        var port = FreePort();
        var certificateHash = WriteCertificate(folder);
        File.WriteAllText(Path.Combine(folder, "nginx.conf"), Configuration(folder, port, dashboardPort));

        var start = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "-p", folder + "/", "-e", Path.Combine(folder, "error.log"), "-c", Path.Combine(folder, "nginx.conf") })
        {
            start.ArgumentList.Add(argument);
        }

        var process = new Process { StartInfo = start };
        var proxy = new NginxProxy(process, folder, port, certificateHash);
        process.OutputDataReceived += (_, e) => proxy.Note(e.Data);
        process.ErrorDataReceived += (_, e) => proxy.Note(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await proxy.WaitUntilListeningAsync();
        return proxy;
    }

    /// <summary>A client that trusts only this proxy's certificate and keeps cookies, as a browser would.</summary>
    public HttpClient Client() => new(new SocketsHttpHandler
    {
        UseCookies = true,
        CookieContainer = new CookieContainer(),
        AllowAutoRedirect = false,
        SslOptions =
        {
            RemoteCertificateValidationCallback = (_, certificate, _, _) =>
                certificate is not null && string.Equals(certificate.GetCertHashString(), CertificateHash, StringComparison.OrdinalIgnoreCase),
        },
    });

    /// <summary>Stops nginx by its process id (SIGQUIT: the master finishes open requests and takes its workers down).</summary>
    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            using (var quit = Process.Start("kill", ["-QUIT", _process.Id.ToString(CultureInfo.InvariantCulture)]))
            {
                await quit.WaitForExitAsync();
            }

            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            try
            {
                await _process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                _process.Kill(entireProcessTree: true);
            }
        }

        _process.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    /// <summary>The recipe's server block, as docs/jobs.md shows it.</summary>
    public static string Recipe()
    {
        var document = File.ReadAllText(Path.Combine(RepositoryRoot(), "docs", "jobs.md"));
        var blocks = NginxBlock().Matches(document);
        Assert.True(blocks.Count == 1, $"docs/jobs.md should hold exactly one ```nginx block (the proxy recipe); it holds {blocks.Count}.");
        return blocks[0].Groups["config"].Value;
    }

    private static string Configuration(string folder, int port, int dashboardPort)
    {
        var site = Recipe();
        site = ReplaceOnce(site, RecipeListen, $"listen 127.0.0.1:{port} ssl;");
        site = ReplaceOnce(site, RecipeCertificate, Path.Combine(folder, "outcomes.crt"));
        site = ReplaceOnce(site, RecipeKey, Path.Combine(folder, "outcomes.key"));
        site = ReplaceOnce(site, RecipeDashboard, $"http://127.0.0.1:{dashboardPort}");

        // As root, nginx's workers would drop to a user that cannot read this folder; as anyone else "user" is ignored
        // with a warning, so it is written only for root.
        var user = Environment.IsPrivilegedProcess ? "user root;" : "";
        return $$"""
            {{user}}
            daemon off;
            worker_processes 1;
            pid {{folder}}/nginx.pid;
            error_log {{folder}}/error.log info;
            events { worker_connections 64; }
            http {
                access_log {{folder}}/access.log;
                client_body_temp_path {{folder}}/client_body;
                proxy_temp_path {{folder}}/proxy;
                fastcgi_temp_path {{folder}}/fastcgi;
                uwsgi_temp_path {{folder}}/uwsgi;
                scgi_temp_path {{folder}}/scgi;
            {{site}}
            }
            """;
    }

    private static string ReplaceOnce(string text, string recipe, string replacement)
    {
        var count = Regex.Matches(text, Regex.Escape(recipe)).Count;
        Assert.True(count == 1, $"docs/jobs.md's nginx recipe should contain '{recipe}' exactly once (found {count}): the test fills it in.");
        return text.Replace(recipe, replacement, StringComparison.Ordinal);
    }

    private static string WriteCertificate(string folder)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=outcomes test proxy", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        var now = TimeProvider.System.GetUtcNow();
        using var certificate = request.CreateSelfSigned(now.AddMinutes(-5), now.AddDays(1));
        File.WriteAllText(Path.Combine(folder, "outcomes.crt"), certificate.ExportCertificatePem());
        File.WriteAllText(Path.Combine(folder, "outcomes.key"), key.ExportPkcs8PrivateKeyPem());
        return certificate.GetCertHashString();
    }

    private async Task WaitUntilListeningAsync()
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"nginx exited with {_process.ExitCode} at start: {Output}{Environment.NewLine}{ErrorLog}");
            }

            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync(IPAddress.Loopback, Port);
                return;
            }
            catch (SocketException) when (clock.Elapsed < TimeSpan.FromSeconds(30))
            {
                await Task.Delay(50);
            }
        }
    }

    private string Output
    {
        get { lock (_output) { return _output.ToString(); } }
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

    private static string ReadIfExists(string path) => File.Exists(path) ? File.ReadAllText(path) : "";

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string? Locate()
    {
        var folders = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Append("/usr/sbin").Append("/usr/local/sbin");
        return folders.Select(f => Path.Combine(f, "nginx")).FirstOrDefault(File.Exists);
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Outcomes.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Outcomes.sln not found above the test folder.");
    }

    [GeneratedRegex(@"```nginx\n(?<config>.*?)```", RegexOptions.Singleline)]
    private static partial Regex NginxBlock();
}
