using Outcomes.Synthetic.Bulk;
using Xunit;

namespace Outcomes.Synthetic.Tests.Bulk;

public sealed class BulkDropTests : IDisposable
{
    private static readonly DateOnly FirstAdmission = new(2025, 1, 1);
    private readonly string _folder = Directory.CreateTempSubdirectory("outcomes-bulk-").FullName;

    [Fact]
    public void The_sessions_file_has_the_rows_asked_for_and_every_session_names_an_episode_of_the_setup()
    {
        BulkDrop.WriteSetup(_folder, 1_001, FirstAdmission);
        BulkDrop.WriteSessions(Path.Combine(_folder, "sessions.csv"), 1_001, FirstAdmission, seed: 3);

        var episodes = CsvTable.Read(Path.Combine(_folder, "episodes.csv"));
        var sessions = CsvTable.Read(Path.Combine(_folder, "sessions.csv"));
        Assert.Equal(1_001, sessions.Rows.Count);
        // One episode per 40 sessions, rounded up: 1,001 sessions need 26.
        Assert.Equal(26, episodes.Rows.Count);
        var known = episodes.Rows.Select(r => r["episode_id"]).ToHashSet();
        Assert.All(sessions.Rows, s => Assert.Contains(s["episode_id"], known));
        Assert.Equal(1_001, sessions.Rows.Select(r => r["session_id"]).Distinct().Count());
        Assert.Equal(26, CsvTable.Read(Path.Combine(_folder, "patients.csv")).Rows.Count);
    }

    [Fact]
    public void The_same_seed_writes_the_same_bytes_and_another_seed_other_statuses()
    {
        var first = Path.Combine(_folder, "first.csv");
        var again = Path.Combine(_folder, "again.csv");
        var other = Path.Combine(_folder, "other.csv");
        BulkDrop.WriteSessions(first, 2_000, FirstAdmission, seed: 5);
        BulkDrop.WriteSessions(again, 2_000, FirstAdmission, seed: 5);
        BulkDrop.WriteSessions(other, 2_000, FirstAdmission, seed: 6);

        Assert.Equal(File.ReadAllBytes(first), File.ReadAllBytes(again));
        Assert.NotEqual(File.ReadAllBytes(first), File.ReadAllBytes(other));
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
