using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Outcomes.TestSupport;
using Xunit;

namespace Outcomes.Cli.Tests.Commands;

/// <summary>
/// <c>--log-format</c> and <c>OUTCOMES_LOG_FORMAT</c> through the real program (the option wins): an ingest of a
/// generated drop (dirty rows included, so the quarantine speaks too) logs JSON lines a collector can read one by one,
/// or the readable lines as before, and neither names a patient of the drop.
/// </summary>
[Trait(TestCategory.Name, TestCategory.Process)]
public sealed partial class LogFormatTests(TestDatabase database) : IClassFixture<TestDatabase>, IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("outcomes-logs-").FullName;

    private string Drop => Path.Combine(_folder, "drop");

    [Theory]
    [InlineData("OUTCOMES_LOG_FORMAT=json")]
    [InlineData("--log-format json")]
    [InlineData("--log-format=json over OUTCOMES_LOG_FORMAT=text")]
    public async Task With_the_json_format_an_ingest_logs_one_JSON_object_per_line_with_time_level_category_message_and_values_and_no_patient_id(string chosenBy)
    {
        var patients = await GenerateAsync();

        var ingest = await IngestAsync(chosenBy);

        Assert.True(ingest.ExitCode == 0, ingest.Errors);
        var lines = Lines(ingest.Errors);
        Assert.NotEmpty(lines);
        var events = lines.Select(line =>
        {
            using var parsed = JsonDocument.Parse(line);
            return parsed.RootElement.Clone();
        }).ToList();
        Assert.All(events, e =>
        {
            Assert.Equal(JsonValueKind.Object, e.ValueKind);
            var timestamp = e.GetProperty("Timestamp").GetString()!;
            Assert.EndsWith("Z", timestamp, StringComparison.Ordinal);
            Assert.Equal(TimeSpan.Zero, DateTimeOffset.Parse(timestamp, CultureInfo.InvariantCulture).Offset);
            Assert.Contains(e.GetProperty("LogLevel").GetString(), new[] { "Trace", "Debug", "Information", "Warning", "Error", "Critical" });
            Assert.False(string.IsNullOrEmpty(e.GetProperty("Category").GetString()));
            Assert.False(string.IsNullOrEmpty(e.GetProperty("Message").GetString()));
            Assert.False(e.TryGetProperty("Scopes", out _));
        });
        // The message template's named values travel beside the message, so a collector can filter on them.
        Assert.Contains(events, e => e.TryGetProperty("State", out var state)
            && state.EnumerateObject().Any(p => p.Name is not "Message" and not "{OriginalFormat}"));
        // Progress is an event too: a collector sees nothing on standard error but JSON lines.
        Assert.Contains(events, e => e.GetProperty("Message").GetString()!.StartsWith("sessions.csv: ", StringComparison.Ordinal));
        AssertNoPatientIn(patients, ingest.Output + ingest.Errors);
    }

    [Theory]
    [InlineData("")]
    [InlineData("--log-format text over OUTCOMES_LOG_FORMAT=json")]
    public async Task Without_a_format_or_with_text_an_ingest_logs_the_readable_lines_as_before_and_no_patient_id(string chosenBy)
    {
        var patients = await GenerateAsync();

        var ingest = await IngestAsync(chosenBy);

        Assert.True(ingest.ExitCode == 0, ingest.Errors);
        var lines = Lines(ingest.Errors);
        Assert.NotEmpty(lines);
        Assert.All(lines, line => Assert.Matches(PlainLine(), line));
        AssertNoPatientIn(patients, ingest.Output + ingest.Errors);
    }

    [Fact]
    public async Task A_log_format_that_is_neither_text_nor_json_is_refused_before_the_command_runs_naming_where_it_came_from()
    {
        var variable = await CliProcess.RunWithEnvironmentAsync(
            database.ConnectionString, new Dictionary<string, string> { ["OUTCOMES_LOG_FORMAT"] = "xml" }, "batches");
        var option = await CliProcess.RunAsync(database.ConnectionString, "batches", "--log-format", "yaml");

        Assert.Equal(1, variable.ExitCode);
        Assert.Equal("outcomes: OUTCOMES_LOG_FORMAT: 'xml' is not a log format; use text or json.", variable.Errors.Trim());
        Assert.Equal("", variable.Output.Trim());
        Assert.Equal(1, option.ExitCode);
        Assert.Equal("outcomes: --log-format: 'yaml' is not a log format; use text or json.", option.Errors.Trim());
        Assert.Equal("", option.Output.Trim());
    }

    [Fact]
    public async Task With_the_json_format_an_error_of_the_command_line_is_a_JSON_line_too()
    {
        var run = await CliProcess.RunWithEnvironmentAsync(database.ConnectionString, Json, "ingest", Path.Combine(Drop, "missing"));

        Assert.Equal(1, run.ExitCode);
        var line = Assert.Single(Lines(run.Errors));
        using var parsed = JsonDocument.Parse(line);
        var e = parsed.RootElement;
        Assert.Equal("Error", e.GetProperty("LogLevel").GetString());
        Assert.Equal("outcomes", e.GetProperty("Category").GetString());
        Assert.Contains("missing", e.GetProperty("Message").GetString(), StringComparison.Ordinal);
        Assert.Equal(TimeSpan.Zero, DateTimeOffset.Parse(e.GetProperty("Timestamp").GetString()!, CultureInfo.InvariantCulture).Offset);
    }

    private static readonly Dictionary<string, string> Json = new() { ["OUTCOMES_LOG_FORMAT"] = "json" };

    /// <summary>Ingests the drop with the format chosen as <paramref name="chosenBy"/> says: an option, a variable, or both.</summary>
    private Task<(int ExitCode, string Output, string Errors)> IngestAsync(string chosenBy)
    {
        var environment = new Dictionary<string, string>();
        var arguments = new List<string> { "ingest", Drop, "--force" };
        foreach (var part in chosenBy.Split(' ', StringSplitOptions.RemoveEmptyEntries).Where(p => p != "over"))
        {
            if (part.StartsWith("OUTCOMES_", StringComparison.Ordinal))
            {
                var (name, value) = (part[..part.IndexOf('=', StringComparison.Ordinal)], part[(part.IndexOf('=', StringComparison.Ordinal) + 1)..]);
                environment[name] = value;
            }
            else
            {
                arguments.Add(part);
            }
        }

        return CliProcess.RunWithEnvironmentAsync(database.ConnectionString, environment, [.. arguments]);
    }

    /// <summary>Writes a small drop with dirty rows and returns the source patient ids it holds.</summary>
    private async Task<IReadOnlySet<string>> GenerateAsync()
    {
        var generate = await CliProcess.RunAsync("", "generate", "--out", _folder, "--episodes", "200", "--facilities", "1", "--dirty", "0.05");
        Assert.True(generate.ExitCode == 0, generate.Errors);
        var patients = new HashSet<string>(StringComparer.Ordinal);
        foreach (var file in Directory.EnumerateFiles(Drop, "*.csv"))
        {
            var rows = File.ReadAllLines(file);
            var column = Array.IndexOf(rows[0].Split(','), "patient_id");
            if (column < 0)
            {
                continue;
            }

            foreach (var cells in rows.Skip(1).Select(r => r.Split(',')).Where(c => c.Length > column && c[column].Trim().Length >= 4))
            {
                patients.Add(cells[column].Trim());
            }
        }

        Assert.True(patients.Count > 100, $"the drop holds {patients.Count} patient ids");
        return patients;
    }

    private static void AssertNoPatientIn(IReadOnlySet<string> patients, string text)
    {
        var named = patients.Where(p => text.Contains(p, StringComparison.Ordinal)).Take(5).ToList();
        Assert.True(named.Count == 0, "the log names patients: " + string.Join(", ", named));
    }

    private static List<string> Lines(string text) =>
        text.Split('\n').Select(l => l.TrimEnd('\r')).Where(l => l.Length > 0).ToList();

    // What the readable format has always written: the local time, the level, the category and event id, the message;
    // or an indented progress line.
    [GeneratedRegex(@"^(\d\d:\d\d:\d\d (trce|dbug|info|warn|fail|crit): [\w.]+\[\d+\] |  \S+: [\d,]+ rows read)")]
    private static partial Regex PlainLine();

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
