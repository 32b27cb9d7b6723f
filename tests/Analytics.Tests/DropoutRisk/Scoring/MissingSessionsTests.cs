using Outcomes.Analytics.DropoutRisk.Scoring;
using Xunit;

namespace Outcomes.Analytics.Tests.DropoutRisk.Scoring;

/// <summary>
/// A center of three facilities whose drop has every file, but FAC02's sessions are missing altogether and FAC03's stop
/// three weeks before the last day: their patients are not scored (their attendance would read as full), and are
/// counted by reason; FAC01's are scored as usual.
/// </summary>
public sealed class MissingSessionsTests(MissingSessionsTests.Center cohort) : IClassFixture<MissingSessionsTests.Center>
{
    public sealed class Center : PromotedModelCohort
    {
        public ScoringResult Result { get; private set; } = null!;

        public DateOnly Fac03SessionsEnd => EndDate.AddDays(-21);

        protected override int Episodes => 900;

        protected override int Facilities => 3;

        protected override void PrepareDrop(string dropFolder)
        {
            var path = Path.Combine(dropFolder, "sessions.csv");
            var lines = File.ReadAllLines(path);
            var column = lines[0].Split(',').Select((name, i) => (name, i)).ToDictionary(x => x.name, x => x.i);
            File.WriteAllLines(path, [lines[0], .. lines.Skip(1).Where(line =>
            {
                var fields = line.Split(',');
                var facility = fields[column["facility_id"]];
                return facility != "FAC02" && !(facility == "FAC03" && DateOnly.Parse(fields[column["session_date"]], System.Globalization.CultureInfo.InvariantCulture) > Fac03SessionsEnd);
            })]);
        }

        public override async Task InitializeAsync()
        {
            await base.InitializeAsync();
            Result = await new RiskScorer(Database.DataSource).ScoreAsync(EndDate, 5);
        }
    }

    [Fact]
    public async Task Patients_of_a_facility_without_sessions_data_covering_the_day_are_not_scored_and_counted_by_reason()
    {
        var scored = await cohort.Database.QueryAsync<(string Facility, long Patients)>("""
            select e.facility_id, count(*) from risk_score r join episode e on e.episode_key = r.episode_key
            where r.model_id = @ModelId and r.scored_on = @Day group by e.facility_id order by 1
            """, new { cohort.Result.ModelId, Day = cohort.EndDate });
        var inDomain = await cohort.Database.QueryAsync<(string Facility, long Patients)>("""
            select e.facility_id, count(*) from episode e join program p on p.program_key = e.program_key
            where p.level_of_care in ('iop', 'php') and e.admitted_on <= @Day and (e.discharged_on is null or e.discharged_on > @Day)
              and @Day - e.admitted_on between @First and @Last
            group by e.facility_id order by 1
            """, new { Day = cohort.EndDate, First = cohort.Trained.Domain!.FirstDay, Last = cohort.Trained.Domain.LastDay });
        // The facility's sessions run through the latest session its sessions file carried, of any of its patients.
        var fac03Through = await cohort.Database.ScalarAsync<DateOnly>("select max(session_date) from attendance_session where facility_id = 'FAC03'");

        Assert.Equal([("FAC01", inDomain.Single(f => f.Facility == "FAC01").Patients)], scored);
        Assert.True(fac03Through <= cohort.Fac03SessionsEnd);
        Assert.Contains(new NotScoredCount("no attendance data loaded", (int)inDomain.Single(f => f.Facility == "FAC02").Patients), cohort.Result.NotScored);
        Assert.Contains(new NotScoredCount($"no attendance data since {fac03Through:yyyy-MM-dd}", (int)inDomain.Single(f => f.Facility == "FAC03").Patients), cohort.Result.NotScored);
        Assert.DoesNotContain(cohort.Result.Flags, f => f.FacilityId != "FAC01");
    }

    [Fact]
    public void Sessions_within_the_last_week_cover_the_day_and_older_ones_do_not()
    {
        var day = new DateOnly(2026, 6, 30);

        Assert.True(SourceCoverage.Covers(day, day));
        Assert.True(SourceCoverage.Covers(day.AddDays(-(SourceCoverage.SessionsGraceDays - 1)), day));
        Assert.False(SourceCoverage.Covers(day.AddDays(-SourceCoverage.SessionsGraceDays), day));
        Assert.False(SourceCoverage.Covers(null, day));
        Assert.Equal("no attendance data since 2026-06-23", SourceCoverage.NotScoredReason(day.AddDays(-7)));
    }

    [Fact]
    public async Task The_model_card_names_the_facilities_whose_sessions_were_missing_and_counts_the_snapshots_left_out()
    {
        var card = (await new Outcomes.Analytics.DropoutRisk.Registry.ModelRegistry(cohort.Database.DataSource).LoadCardAsync(cohort.PromotedId))!;
        var fac02 = cohort.Trained.SourcesByFacility.Single(s => s.Facility == "FAC02" && s.Source == "sessions");
        var leftOut = cohort.Trained.Flow!.MissingBySource.Single(l => l.Reason.StartsWith("attendance data", StringComparison.Ordinal));

        // FAC02 sent no sessions at all: every one of its snapshots misses them.
        Assert.Equal(fac02.Snapshots, fac02.Missing);
        Assert.Contains($"- FAC02: sessions missing on {fac02.Missing:N0} of {fac02.Snapshots:N0} snapshots (left out);", card, StringComparison.Ordinal);
        Assert.Contains("- FAC03: sessions missing on ", card, StringComparison.Ordinal);
        Assert.StartsWith("- FAC01: sessions on every snapshot;", card.Split('\n').Single(l => l.StartsWith("- FAC01:", StringComparison.Ordinal)), StringComparison.Ordinal);
        Assert.Contains($"| of which: {leftOut.Reason} | {leftOut.Snapshots:N0} | | |", card, StringComparison.Ordinal);
        Assert.True(leftOut.Snapshots >= cohort.Snapshots.Count(s => s.FacilityId == "FAC02" && s.DroppedOutWithinHorizon is not null));
    }
}
