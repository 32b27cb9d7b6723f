using Outcomes.Ingest.Ledger;
using Outcomes.Ingest.Tests.Loading;
using Outcomes.TestSupport;
using Xunit;

namespace Outcomes.Ingest.Tests.Ledger;

/// <summary>
/// The load ledger's read side against a real ingest: the batches as the ingest recorded them, newest first, and the
/// quarantined rows with their line, field and reason, of one batch or of all.
/// </summary>
public sealed class LoadLedgerTests(TestDatabase database) : IClassFixture<TestDatabase>
{
    [Fact]
    public async Task Recent_batches_are_the_ingests_own_results_newest_first_and_the_limit_keeps_the_newest()
    {
        using var drop = DropFolder.WithBase();
        var run = await IngestHarness.IngestAsync(database, drop);
        var ledger = new LoadLedger(database.DataSource);

        var all = await ledger.RecentBatchesAsync(100);
        var two = await ledger.RecentBatchesAsync(2);

        var loaded = run.Files.OrderByDescending(f => f.BatchId).ToList();
        Assert.Equal(
            loaded.Select(f => (f.BatchId!.Value, f.FileName, "committed", (long)f.RowsRead, (long)f.RowsInserted, (long)f.RowsQuarantined)),
            all.Take(loaded.Count).Select(b => (b.BatchId, b.FileName, b.Status, b.RowsRead, b.RowsInserted, b.RowsQuarantined)));
        Assert.All(all, b => Assert.Matches("^[0-9a-f]{64}$", b.Sha256));
        Assert.All(all, b => Assert.False(string.IsNullOrEmpty(b.SoftwareVersion)));
        Assert.Equal(all.Take(2).Select(b => b.BatchId), two.Select(b => b.BatchId));
        Assert.True(two[0].BatchId > two[1].BatchId);
    }

    [Fact]
    public async Task Quarantine_lists_line_field_and_reason_of_one_batch_or_of_all()
    {
        using var drop = DropFolder.WithBase();
        drop.Write("sessions.csv", DropFolder.SessionsHeader + """

            F1,S1,E1,2026-01-05,group,180,attended,180
            F1,S2,EP-404-ZZ,2026-01-06,group,60,attended,60
            F1,S3,E1,2026-01-07,group,60,not_a_status,60

            """);
        var sessions = (await IngestHarness.IngestAsync(database, drop)).File("sessions.csv");
        var ledger = new LoadLedger(database.DataSource);

        var ofBatch = await ledger.QuarantineAsync(sessions.BatchId, 100);
        var ofAll = await ledger.QuarantineAsync(null, 100);
        var first = await ledger.QuarantineAsync(sessions.BatchId, 1);
        var ofOther = await ledger.QuarantineAsync(sessions.BatchId + 1_000_000, 100);

        Assert.Equal([(3, "episode_id"), (4, "status")], ofBatch.Select(q => (q.LineNumber, q.Field)));
        Assert.All(ofBatch, q => Assert.Equal((sessions.BatchId!.Value, "sessions.csv"), (q.BatchId, q.FileName)));
        Assert.All(ofBatch, q => Assert.False(string.IsNullOrEmpty(q.Reason)));
        Assert.Equal(ofBatch, ofAll.Where(q => q.BatchId == sessions.BatchId));
        Assert.Equal(3, Assert.Single(first).LineNumber);
        Assert.Empty(ofOther);
    }

    [Fact]
    public async Task Recent_volume_counts_committed_loads_of_the_last_day_and_of_the_28_days_before_it()
    {
        using var drop = DropFolder.WithBase();
        drop.Write("sessions.csv", DropFolder.SessionsHeader + """

            F1,S1,E1,2026-01-05,group,180,attended,180
            F1,S2,EP-404-ZZ,2026-01-06,group,60,attended,60

            """);
        var run = await IngestHarness.IngestAsync(database, drop);
        var ledger = new LoadLedger(database.DataSource);
        var now = new DateTimeOffset(await database.ScalarAsync<DateTime>("select now()"), TimeSpan.Zero);

        var justAfter = await ledger.RecentVolumeAsync(now.AddMinutes(1));
        var twoDaysLater = await ledger.RecentVolumeAsync(now.AddDays(2));
        var monthLater = await ledger.RecentVolumeAsync(now.AddDays(30));
        var before = await ledger.RecentVolumeAsync(now.AddMinutes(-10));

        Assert.True(justAfter.DayRead >= run.Files.Sum(f => f.RowsRead) && justAfter.DayQuarantined >= 1, justAfter.ToString());
        Assert.Equal((0L, 0L), (justAfter.BeforeRead, justAfter.BeforeQuarantined));
        Assert.Equal(new RecentLoadVolume(0, 0, justAfter.DayQuarantined, justAfter.DayRead), twoDaysLater);
        Assert.Equal(new RecentLoadVolume(0, 0, 0, 0), monthLater);
        Assert.Equal(new RecentLoadVolume(0, 0, 0, 0), before);
    }
}
