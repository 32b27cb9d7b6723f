using Outcomes.Ingest.Ledger;
using Outcomes.Ingest.Tests.Loading;
using Outcomes.TestSupport;
using Xunit;

namespace Outcomes.Ingest.Tests.Ledger;

/// <summary>
/// Each facility's data-through date of each dated file, as the loads recorded it: the latest date of the rows that
/// loaded or were unchanged (never of a quarantined row), moved on by a later load and never back by an older one.
/// </summary>
public sealed class SourceDataThroughTests(TestDatabase database) : IClassFixture<TestDatabase>
{
    [Fact]
    public async Task A_facility_s_sessions_run_through_the_latest_loaded_row_and_later_loads_move_the_date_on_but_never_back()
    {
        using var drop = DropFolder.WithBase();
        drop.Write("sessions.csv", DropFolder.SessionsHeader + """

            F1,S1,E1,2026-01-05,group,180,attended,180
            F1,S2,E3,2026-03-10,group,180,no_show,
            F1,S3,E2,2026-04-01,group,180,attended,180

            """);
        var first = await IngestHarness.IngestAsync(database, drop);
        var afterFirst = await ThroughAsync(drop.Facility);
        drop.Delete("sessions.csv");
        drop.Write("sessions_2.csv", DropFolder.SessionsHeader + """

            F1,S4,E3,2026-03-12,group,180,attended,180

            """);
        await IngestHarness.IngestAsync(database, drop);
        drop.Delete("sessions_2.csv");
        drop.Write("sessions_3.csv", DropFolder.SessionsHeader + """

            F1,S1,E1,2026-01-05,group,180,attended,180

            """);
        await IngestHarness.IngestAsync(database, drop);
        var afterAll = await ThroughAsync(drop.Facility);

        // S3 lies after its episode's discharge (2026-03-20): quarantined, so it does not count.
        Assert.Equal(1, first.File("sessions.csv").RowsQuarantined);
        Assert.Equal(new DateOnly(2026, 3, 10), afterFirst["sessions"].Through);
        Assert.Equal(new DateOnly(2026, 3, 12), afterAll["sessions"].Through);
        Assert.Equal(3, afterAll["sessions"].Loads);
        Assert.Equal(new DateOnly(2026, 3, 20), afterAll["episodes"].Through);
        Assert.Equal((null, 0), (afterAll["drug_screens"].Through, afterAll["drug_screens"].Loads));
        Assert.Equal(SourceDataThrough.Sources, afterAll.Keys);
    }

    private async Task<Dictionary<string, FacilitySourceThrough>> ThroughAsync(string facility) =>
        (await new SourceDataThrough(database.DataSource).ReadAsync()).Where(r => r.FacilityId == facility).ToDictionary(r => r.Source);
}
