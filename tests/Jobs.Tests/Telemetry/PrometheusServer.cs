using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Outcomes.Jobs.Tests.Telemetry;

/// <summary>
/// A real Prometheus (Debian's package, not its system service) on a free loopback port, with a throwaway config that
/// scrapes one target every second and a storage folder of its own; queried through its HTTP API as an IT team's
/// dashboards and alert rules would. Stopped by its process id.
/// </summary>
internal sealed class PrometheusServer : IAsyncDisposable
{
    /// <summary>The job name the scrape config gives the target (Prometheus's own "job" label).</summary>
    public const string ScrapeJob = "outcomes";

    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly HttpClient _http;

    private PrometheusServer(Process process, string folder, int port)
    {
        (_process, Folder) = (process, folder);
        _http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/"), Timeout = TimeSpan.FromSeconds(10) };
    }

    /// <summary>The prometheus program, or null when it is not installed.</summary>
    public static string? Program { get; } = new[] { "/usr/bin/prometheus", "/usr/local/bin/prometheus" }.FirstOrDefault(File.Exists);

    public string Folder { get; }

    public string Log
    {
        get { lock (_output) { return _output.ToString(); } }
    }

    /// <summary>Starts Prometheus scraping <paramref name="target"/> (host:port; the metrics at /metrics) every second.</summary>
    public static async Task<PrometheusServer> StartAsync(string target)
    {
        var program = Program ?? throw new InvalidOperationException("prometheus is not installed: run scripts/prerequisites.sh --tests.");
        var folder = TestJobs.NewFolder("prometheus");
        var config = Path.Combine(folder, "prometheus.yml");
        File.WriteAllText(config, $"""
            global:
              scrape_interval: 1s
              scrape_timeout: 1s
              evaluation_interval: 1s
            scrape_configs:
              - job_name: {ScrapeJob}
                metrics_path: /metrics
                static_configs:
                  - targets: ['{target}']

            """);
        var port = LoopbackPort.Free();
        var start = new ProcessStartInfo(program) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var argument in new[]
                 {
                     "--config.file=" + config, "--storage.tsdb.path=" + Path.Combine(folder, "data"),
                     "--web.listen-address=127.0.0.1:" + port.ToString(CultureInfo.InvariantCulture),
                 })
        {
            start.ArgumentList.Add(argument);
        }

        var process = new Process { StartInfo = start };
        var server = new PrometheusServer(process, folder, port);
        process.OutputDataReceived += (_, e) => server.Note(e.Data);
        process.ErrorDataReceived += (_, e) => server.Note(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await server.WaitUntilReadyAsync();
        return server;
    }

    /// <summary>An instant query's series (labels and value) through /api/v1/query.</summary>
    public async Task<IReadOnlyList<(IReadOnlyDictionary<string, string> Labels, double Value)>> QueryAsync(string promql)
    {
        var answer = await _http.GetFromJsonAsync<JsonElement>("api/v1/query?query=" + Uri.EscapeDataString(promql));
        Assert.Equal("success", answer.GetProperty("status").GetString());
        return [.. answer.GetProperty("data").GetProperty("result").EnumerateArray().Select(series => (
            (IReadOnlyDictionary<string, string>)series.GetProperty("metric").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString() ?? ""),
            double.Parse(series.GetProperty("value")[1].GetString()!, CultureInfo.InvariantCulture)))];
    }

    /// <summary>Polls a query until it returns a series that <paramref name="holds"/> says is the one awaited.</summary>
    public async Task<(IReadOnlyDictionary<string, string> Labels, double Value)> WaitForAsync(
        string promql, Func<double, bool> holds, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var found = (await QueryAsync(promql)).Where(s => holds(s.Value)).ToList();
            if (found.Count > 0)
            {
                return found[0];
            }

            Assert.True(clock.Elapsed < timeout, $"Prometheus had no series for {promql} within {timeout.TotalSeconds:F0} s. Its log:\n{Log}");
            await Task.Delay(250);
        }
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        Directory.Delete(Folder, recursive: true);
    }

    private async Task WaitUntilReadyAsync()
    {
        var clock = Stopwatch.StartNew();
        while (!Log.Contains("Server is ready to receive web requests.", StringComparison.Ordinal))
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"prometheus exited with {_process.ExitCode} at start: {Log}");
            }

            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"prometheus was not ready within 30 s: {Log}");
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
}
