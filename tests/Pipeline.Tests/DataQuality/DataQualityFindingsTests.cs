using Outcomes.Pipeline.DataQuality;

namespace Outcomes.Pipeline.Tests.DataQuality;

/// <summary>The findings' one owner: what the check records, and what a report of a period and a population reads back.</summary>
public sealed class DataQualityFindingsTests(IngestedCohort cohort) : IClassFixture<IngestedCohort>
{
    [Fact]
    public async Task A_facilitys_period_lists_its_own_findings_and_those_about_sources_and_the_pipeline_but_not_another_facilitys()
    {
        var facilities = await cohort.Database.QueryAsync<string>("select facility_id from facility order by 1");
        var (own, other) = (facilities[0], facilities[1]);
        var findings = new DataQualityFindings(cohort.Analyst);
        await findings.RecordAsync([new DataQualityFinding("missing_discharge", own, 0.2, 0.1, "own")], new DateOnly(2026, 3, 1));
        await findings.RecordAsync(
            [new DataQualityFinding("missing_discharge", other, 0.3, 0.1, "other"), new DataQualityFinding("stale_source", "north-drop", 50, 36, "source")],
            new DateOnly(2026, 3, 31));
        await findings.RecordAsync([new DataQualityFinding("quarantine_spike", "all", 0.5, 0.05, "after")], new DateOnly(2026, 4, 1));
        // Recorded again the same day: updated, not added.
        await findings.RecordAsync([new DataQualityFinding("missing_discharge", own, 0.25, 0.1, "own, again")], new DateOnly(2026, 3, 1));

        var facility = await findings.ListAsync(new DateOnly(2026, 3, 1), new DateOnly(2026, 3, 31), own);
        var all = await findings.ListAsync(new DateOnly(2026, 3, 1), new DateOnly(2026, 3, 31), null);

        Assert.Equal(
            [new RecordedFinding(new DateOnly(2026, 3, 1), "missing_discharge", own, 0.25, 0.1, "own, again"),
             new RecordedFinding(new DateOnly(2026, 3, 31), "stale_source", "north-drop", 50, 36, "source")],
            facility);
        Assert.Equal([own, other, "north-drop"], all.Select(f => f.Subject));
    }
}
