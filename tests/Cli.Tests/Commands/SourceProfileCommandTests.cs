using Outcomes.TestSupport;
using Xunit;

namespace Outcomes.Cli.Tests.Commands;

/// <summary>
/// <c>outcomes source check</c> and <c>outcomes ingest --profile</c> through the real program on a real PostgreSQL,
/// with the long example of samples/profiles: the check writes nothing, the load quarantines the same rows by the
/// export's name and line, and a broken profile is refused naming its line before anything is read.
/// </summary>
public sealed class SourceProfileCommandTests(TestDatabase database) : IClassFixture<TestDatabase>, IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("outcomes-profile-cli-").FullName;

    private static string Sample(string part) => Path.Combine(RepositoryData.RepositoryRoot(), "samples", "profiles", "harbor-long", part);

    [Fact]
    public async Task Source_check_shows_what_would_be_quarantined_without_writing_and_ingest_profile_then_loads_it()
    {
        var check = await CliProcess.RunAsync(database.ConnectionString, "source", "check", Sample("profile.json"), Sample("export"));
        var batchesAfterCheck = await database.ScalarAsync<long>("select count(*) from ingest_batch where profile is not null");
        var ingest = await CliProcess.RunAsync(database.ConnectionString, "ingest", "--profile", Sample("profile.json"), Sample("export"));
        var quarantine = await CliProcess.RunAsync(database.ConnectionString, "quarantine", "list");

        Assert.True(check.ExitCode == 0, check.Errors);
        Assert.Contains("Appointments_2026-09.txt     8  sessions       session_date", check.Output, StringComparison.Ordinal);
        Assert.Contains("Appointments_2026-09.txt    10  sessions       status", check.Output, StringComparison.Ordinal);
        Assert.Equal(0, batchesAfterCheck);

        Assert.True(ingest.ExitCode == 0, ingest.Errors);
        Assert.Contains("2 row(s) quarantined", ingest.Output, StringComparison.Ordinal);
        Assert.Equal(8, await database.ScalarAsync<long>("select count(*) from attendance_session where facility_id = 'HARBOR'"));
        Assert.Equal(4, await database.ScalarAsync<long>("select count(*) from ingest_batch where profile = 'harbor-long'"));
        var lines = quarantine.Output.Split('\n').Where(l => l.Contains("Appointments_2026-09.txt", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, lines.Count);
        Assert.Contains(lines, l => l.Contains("  8  session_date", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains(" 10  status", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_profile_with_an_unknown_member_is_refused_with_its_line_and_nothing_is_read()
    {
        var profile = Path.Combine(_folder, "broken.json");
        File.WriteAllText(profile, File.ReadAllText(Sample("profile.json")).Replace("\"timeZone\"", "\"timezone\"", StringComparison.Ordinal));

        var before = await database.ScalarAsync<long>("select count(*) from ingest_batch");

        var result = await CliProcess.RunAsync(database.ConnectionString, "ingest", "--profile", profile, Sample("export"));

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("broken.json line 8, $.timezone: unknown member 'timezone'", result.Errors, StringComparison.Ordinal);
        Assert.Equal(before, await database.ScalarAsync<long>("select count(*) from ingest_batch"));
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
