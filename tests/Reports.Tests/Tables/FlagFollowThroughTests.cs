using Outcomes.Analytics.Definitions;
using Outcomes.Analytics.DropoutRisk.Flags;
using Outcomes.Analytics.DropoutRisk.Registry;
using Outcomes.Analytics.DropoutRisk.Scoring;
using Outcomes.Analytics.Periods;
using Outcomes.Analytics.Proportions;
using Outcomes.Analytics.Runs;
using Outcomes.Reports.Disclosure;
using Outcomes.Reports.Monthly;
using Outcomes.Reports.Tables;
using Xunit;

namespace Outcomes.Reports.Tests.Tables;

/// <summary>
/// Last month's flags on the Risk flags sheet: six flags planted in March 2026 on episodes of the report database
/// whose care ended in known ways, reviewed on known days (some after the data-through date), counted by hand.
/// The planted flags end dismissed or outreach done, so the worklist and the May workbook do not see them.
/// </summary>
[Collection(ReportDatabaseCollection.Name)]
public sealed class FlagFollowThroughTests(ReportDatabase fixture)
{
    private static readonly DateOnly Through = new(2026, 6, 30);

    [Fact]
    public async Task Last_months_flags_are_counted_by_review_and_care_with_the_median_days_to_review_and_the_precision_of_a_hand_count()
    {
        var db = fixture.Database;
        var model = (await new ModelRegistry(db.DataSource).PromotedAsync())!;
        const string unflagged = "not exists (select 1 from risk_flag f where f.episode_key = e.episode_key)";
        async Task<IReadOnlyList<(long Episode, string Facility, DateOnly? Discharged)>> Pick(string where, int count) =>
            [.. (await db.QueryAsync<EpisodeRow>(
                $"select e.episode_key as EpisodeKey, e.facility_id as FacilityId, e.discharged_on as DischargedOn from episode e where {where} and {unflagged} order by e.episode_key limit {count}",
                new { Unplanned = OutcomeDefinitions.UnplannedReasons.ToArray() }))
                .Select(r => (r.EpisodeKey, r.FacilityId, r.DischargedOn))];

        var droppedWithin = await Pick("e.discharge_reason = any(@Unplanned) and e.discharged_on between '2026-03-06' and '2026-04-05' and e.admitted_on <= '2026-03-01'", 2);
        var droppedAfter = await Pick("e.discharge_reason = any(@Unplanned) and e.discharged_on between '2026-05-05' and '2026-06-30' and e.admitted_on <= '2026-03-01'", 1);
        var completed = await Pick("e.discharge_reason = 'completed' and e.discharged_on between '2026-04-01' and '2026-06-30' and e.admitted_on <= '2026-03-10'", 1);
        var inCare = await Pick("(e.discharged_on is null or e.discharged_on > '2026-06-30') and e.admitted_on <= '2026-03-31'", 1);
        var other = await Pick("e.discharge_reason <> 'completed' and not e.discharge_reason = any(@Unplanned) and e.discharged_on between '2026-04-01' and '2026-06-30' and e.admitted_on <= '2026-03-20'", 1);
        Assert.Equal([2, 1, 1, 1, 1], new[] { droppedWithin.Count, droppedAfter.Count, completed.Count, inCare.Count, other.Count });

        // Flag, raised on, its own horizon, its reasons in the words scoring writes them, and its review steps (days after
        // raising; a date after the data-through date is not seen). The flag of the patient still in care was raised with
        // a horizon of 120 days, which has not passed by 30 June: it is not counted in the precision.
        var planted = new (long Episode, string Facility, DateOnly Raised, int Horizon, string[] Reasons)[]
        {
            (droppedWithin[0].Episode, droppedWithin[0].Facility, droppedWithin[0].Discharged!.Value.AddDays(-5), model.HorizonDays,
                ["missed the last 3 sessions in a row: raises risk strongly — suggested: same-week outreach call", "no family session yet: raises risk — suggested: offer a family session"]),
            (droppedWithin[1].Episode, droppedWithin[1].Facility, droppedWithin[1].Discharged!.Value.AddDays(-5), model.HorizonDays, ["missed the last session: raises risk"]),
            (droppedAfter[0].Episode, droppedAfter[0].Facility, new DateOnly(2026, 3, 3), model.HorizonDays, [RiskReasons.NoSingleSign]),
            (completed[0].Episode, completed[0].Facility, new DateOnly(2026, 3, 10), model.HorizonDays,
                ["attended 50% of expected sessions in the last 7 days: raises risk", "1 positive drug screen in care: raises risk"]),
            (inCare[0].Episode, inCare[0].Facility, new DateOnly(2026, 3, 31), 120, ["2 positive drug screens in care: raises risk strongly — suggested: review with the prescriber"]),
            (other[0].Episode, other[0].Facility, new DateOnly(2026, 3, 20), model.HorizonDays, ["1 earlier admission to treatment: raises risk"]),
        };
        Assert.True(model.HorizonDays < 120, "the promoted model's horizon is shorter than the planted one");
        var ids = new List<long>();
        foreach (var (episode, facility, raised, horizon, reasons) in planted)
        {
            ids.Add(await db.ScalarAsync<long>("""
                insert into risk_flag (episode_key, facility_id, model_id, raised_on, horizon_days, probability, rank_in_facility, reasons, threshold_rule)
                values (@Episode, @Facility, @Model, @Raised, @Horizon, 0.4, 1, @Reasons, @Rule) returning flag_id
                """, new { Episode = episode, Facility = facility, Model = model.ModelId, Raised = raised, Horizon = horizon, Reasons = reasons, Rule }));
        }

        var store = new FlagStore(db.DataSource);
        async Task Review(int flag, string status, int days, string? action = null) =>
            await store.ReviewAsync(new FlagReview(ids[flag], status, "counsellor", null, action, null),
                new DateTimeOffset(planted[flag].Raised.AddDays(days).ToDateTime(new TimeOnly(12, 0)), TimeSpan.Zero));
        async Task ReviewAfterThrough(int flag, string status) =>
            await store.ReviewAsync(new FlagReview(ids[flag], status, "counsellor", null, null, null), new DateTimeOffset(2026, 7, 2, 12, 0, 0, TimeSpan.Zero));
        await Review(0, FlagStatus.Acknowledged, 1);
        await Review(0, FlagStatus.OutreachDone, 3, "phone_call");
        await Review(1, FlagStatus.Dismissed, 2);
        await Review(2, FlagStatus.Acknowledged, 4);
        await ReviewAfterThrough(2, FlagStatus.Dismissed);
        await ReviewAfterThrough(3, FlagStatus.Dismissed);
        await Review(4, FlagStatus.Dismissed, 10);
        await ReviewAfterThrough(5, FlagStatus.Dismissed);

        var found = await store.FollowThroughAsync(ReportingPeriod.Parse("2026-03"), null, Through);

        // By hand: reviewed by 30 June flags 0, 1, 2, 4 after 1, 2, 4 and 10 days (median 3); latest steps outreach done,
        // dismissed, acknowledged, dismissed; care: dropped out 0, 1, 2 (0 and 1 within their horizon), completed 3, in
        // care 4, other 5; every horizon but flag 4's (120 days from 31 March) has passed by 30 June: 5 matured.
        // Reasons by sign: missed sessions 0 and 1, attendance 3, positive screens 3 and 4, no family 0, earlier episodes
        // 5, no single sign 2.
        Assert.Equal(new FlagFollowThrough(6, 4, 1, 1, 2, 1, 1, 3, 1, 5, 2, 3.0) { Reasons = found.Reasons, HorizonDays = found.HorizonDays, Rules = found.Rules }, found);
        Assert.Equal(
            [("attendance last 7 days", 1), ("consecutive missed sessions", 2), ("family contacts", 1), ("positive screens", 2),
             ("prior episodes", 1), (RiskReasons.NoSingleSignName, 1)],
            found.Reasons.Select(r => (r.Sign, r.Flags)));
        Assert.Equal([model.HorizonDays, 120], found.HorizonDays);
        Assert.Equal([Rule], found.Rules);

        var table = Table(found);
        string Cell(string measure, int column) => table.Rows.Single(r => r.Cells[0].Text == measure).Cells[column].Display(table.Columns[column].Kind);
        Assert.Equal("6 †", Cell("Flags raised in 2026-03", 1));
        Assert.Equal("2 †", Cell("Not yet reviewed", 1));
        Assert.Equal("3", Cell("Median days from flag to first review", 5));
        Assert.Equal("5 †", Cell($"Horizon passed (each flag's own: {model.HorizonDays}, 120 days)", 1));
        Assert.Equal("2 †", Cell("Dropped out within the horizon: precision", 1));
        var precision = table.Rows.Single(r => r.Cells[0].Text == "Dropped out within the horizon: precision").Cells;
        var wilson = WilsonInterval.For(2, 5);
        Assert.Equal([2.0 / 5, wilson.Lower, wilson.Upper], precision.Skip(2).Take(3).Select(c => c.Number!.Value));
        Assert.True(precision[1].Small, "an internal workbook marks a small count instead of hiding it");
        Assert.Equal(("2 †", "33.3%"), (Cell("Reason given: consecutive missed sessions", 1), Cell("Reason given: consecutive missed sessions", 2)));
        Assert.Equal("1 †", Cell($"Reason given: {RiskReasons.NoSingleSignName}", 1));
        Assert.Contains(table.Rows, r => r.Cells[0].Text == $"Rule that raised them: in each facility the {Rule}.");
        Assert.DoesNotContain(table.Rows, r => r.Cells.Any(c => c.Text?.Contains("(+", StringComparison.Ordinal) == true));
    }

    /// <summary>The rule as scoring stores it with a flag (FlagStore.RaiseAsync).</summary>
    private const string Rule = "highest risks of at least 10%, at most 10 new flags per facility in any 7 days; not again within 14 days of a flag";

    [Fact]
    public void A_release_hides_small_counts_and_the_figures_that_rest_on_them()
    {
        var table = Table(new FlagFollowThrough(40, 35, 10, 20, 5, 12, 15, 13, 0, 30, 8, 2.5)
        {
            Reasons = [new("consecutive missed sessions", 25), new("positive screens", 4)],
            HorizonDays = [30],
        }, DisclosurePolicy.External());

        Assert.All(table.Rows.SelectMany(r => r.Cells.Skip(1).Take(1)), c => Assert.False(c.Number is >= 1 and < 11, $"small count {c.Number} shown"));
        var precision = table.Rows.Single(r => r.Cells[0].Text == "Dropped out within the horizon: precision").Cells;
        Assert.True(precision[1].IsSuppressed);
        Assert.Null(precision[2].Number);
        Assert.Contains(table.Rows, r => r.Cells[0].Text!.StartsWith("Rule: in each facility the highest risks of at least 10% (or --risk-floor), at most --capacity new flags in any 7 days", StringComparison.Ordinal));
        var reasons = table.Rows.Where(r => r.Cells[0].Text!.StartsWith("Reason given: ", StringComparison.Ordinal)).ToList();
        Assert.Equal((25.0, "<11"), (reasons[0].Cells[1].Number!.Value, reasons[1].Cells[1].Text));
        Assert.Null(reasons[1].Cells[2].Number);
    }

    private static ReportTable Table(FlagFollowThrough flags, DisclosurePolicy? policy = null)
    {
        var run = new AnalysisRun(Guid.NewGuid(), ReportingPeriod.Parse("2026-04"), null, Through, 30, "1", []);
        var stored = new StoredRun(run, "test");
        var risk = RiskSummary.None with { LastMonthFlags = flags, LastMonth = ReportingPeriod.Parse("2026-03") };
        return new ReportTables(new ReportData(null, stored, null, [stored], risk, [], [], []), policy ?? DisclosurePolicy.Internal()).FlagFollowThrough();
    }

    private sealed record EpisodeRow(long EpisodeKey, string FacilityId, DateOnly? DischargedOn);
}
