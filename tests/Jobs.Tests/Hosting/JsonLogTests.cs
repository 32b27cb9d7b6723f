using System.Text.Json;
using Outcomes.TestSupport;

namespace Outcomes.Jobs.Tests.Hosting;

/// <summary>
/// <c>outcomes serve</c> with JSON logs chosen as a systemd unit would choose them (the settings key <c>Jobs:LogFormat</c>,
/// the option <c>--log-format</c>, or <c>OUTCOMES_LOG_FORMAT</c>): while it pulls a generated drop (dirty rows included),
/// everything it writes to standard error is JSON lines, one event each, and none names a patient.
/// </summary>
[Trait(TestCategory.Name, TestCategory.Process)]
public sealed class JsonLogTests(TestDatabase database) : IClassFixture<TestDatabase>, IDisposable
{
    private readonly string _work = TestJobs.NewFolder("jsonlog");

    [Theory]
    [InlineData("setting")]
    [InlineData("option")]
    [InlineData("variable")]
    public async Task A_server_with_json_logs_writes_only_JSON_lines_while_it_pulls_a_drop_and_names_no_patient(string chosenBy)
    {
        var generated = Path.Combine(_work, "generated");
        var generate = await CliProcess.RunAsync("", "generate", "--out", generated, "--episodes", "150", "--facilities", "1", "--dirty", "0.05");
        Assert.True(generate.ExitCode == 0, generate.Errors);
        var drop = Path.Combine(generated, "drop");
        var patients = File.ReadAllLines(Path.Combine(drop, "patients.csv")).Skip(1)
            .Select(l => l.Split(',')).Where(c => c.Length > 1 && c[1].Length >= 4).Select(c => c[1]).ToHashSet(StringComparer.Ordinal);
        Assert.True(patients.Count > 50, $"the drop holds {patients.Count} patient ids");
        var source = Path.Combine(_work, "inbox");
        Directory.CreateDirectory(source);
        var options = TestJobs.Options(source, pullCron: "*/2 * * * * *");
        options.LogFormat = chosenBy == "setting" ? "json" : "text";
        var config = ServerConfig.Write(options, _work);
        var environment = chosenBy == "variable" ? new Dictionary<string, string> { ["OUTCOMES_LOG_FORMAT"] = "json" } : new Dictionary<string, string>();
        string[] arguments = chosenBy == "option" ? ["serve", "--config", config, "--log-format", "json"] : ["serve", "--config", config];

        using var server = CliProcess.StartWithEnvironment(database.ConnectionString, _work, environment, arguments);
        // Renamed in whole files, as a transfer that writes elsewhere and then moves would deliver them.
        foreach (var file in Directory.GetFiles(drop, "*.csv"))
        {
            File.Move(file, Path.Combine(source, Path.GetFileName(file)));
        }

        await TestJobs.WaitUntilAsync(
            async () => Directory.GetFiles(source, "*.csv").Length == 0
                && await database.ScalarAsync<long>("select count(*) from job_run where job = 'pull' and outcome = 'succeeded' and summary like '%loaded%'") > 0,
            TimeSpan.FromMinutes(2), () => "the drop was not pulled:\n" + server.Errors);
        await server.StopAsync(TimeSpan.FromSeconds(60));

        var lines = server.Errors.Split('\n').Select(l => l.TrimEnd('\r')).Where(l => l.Length > 0).ToList();
        Assert.Contains(lines, l => l.Contains("quarantined", StringComparison.Ordinal));
        // The command's own lines too, written before the server's host started.
        Assert.Contains(lines, l => l.Contains("Serving the scheduled pipeline", StringComparison.Ordinal));
        Assert.All(lines, line =>
        {
            using var parsed = JsonDocument.Parse(line);
            var e = parsed.RootElement;
            Assert.EndsWith("Z", e.GetProperty("Timestamp").GetString(), StringComparison.Ordinal);
            Assert.False(string.IsNullOrEmpty(e.GetProperty("LogLevel").GetString()));
            Assert.False(string.IsNullOrEmpty(e.GetProperty("Category").GetString()));
            Assert.True(e.TryGetProperty("Message", out _));
        });
        var named = patients.Where(p => server.Output.Contains(p, StringComparison.Ordinal) || server.Errors.Contains(p, StringComparison.Ordinal)).Take(5).ToList();
        Assert.True(named.Count == 0, "the server's log names patients: " + string.Join(", ", named));
        Assert.Equal(0, server.ExitCode);
    }

    public void Dispose() => Directory.Delete(_work, recursive: true);
}
