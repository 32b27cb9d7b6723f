using System.Globalization;
using Outcomes.Analytics.DropoutRisk.Scoring;
using Outcomes.Ingest.Ledger;
using Xunit;

namespace Outcomes.Analytics.Tests.DropoutRisk.Scoring;

/// <summary>
/// A center of three facilities whose drop has every file, but FAC02's drug screens are in none of them (its drop has
/// no screens file) and FAC03's family contacts stop six weeks before the last day: their patients are not scored —
/// their screens would read as all negative, their families as never involved — and are counted by reason; FAC01,
/// with every source, is scored as usual. Their snapshots are not trained on either.
/// </summary>
public sealed class MissingScreensAndFamilyTests(MissingScreensAndFamilyTests.Center cohort) : IClassFixture<MissingScreensAndFamilyTests.Center>
{
    public sealed class Center : PromotedModelCohort
    {
        public ScoringResult Result { get; private set; } = null!;

        public DateOnly Fac03FamilyEnd => EndDate.AddDays(-42);

        protected override int Episodes => 900;

        protected override int Facilities => 3;

        protected override void PrepareDrop(string dropFolder)
        {
            Keep(Path.Combine(dropFolder, "drug_screens.csv"), (facility, _) => facility != "FAC02", "collection_date");
            Keep(Path.Combine(dropFolder, "family_contacts.csv"), (facility, date) => facility != "FAC03" || date <= Fac03FamilyEnd, "contact_date");
        }

        public override async Task InitializeAsync()
        {
            await base.InitializeAsync();
            Result = await new RiskScorer(Database.DataSource).ScoreAsync(EndDate, 5);
        }

        private static void Keep(string path, Func<string, DateOnly, bool> keep, string dateColumn)
        {
            var lines = File.ReadAllLines(path);
            var column = lines[0].Split(',').Select((name, i) => (name, i)).ToDictionary(x => x.name, x => x.i);
            File.WriteAllLines(path, [lines[0], .. lines.Skip(1).Where(line =>
            {
                var fields = line.Split(',');
                return keep(fields[column["facility_id"]], DateOnly.Parse(fields[column[dateColumn]], CultureInfo.InvariantCulture));
            })]);
        }
    }

    [Fact]
    public async Task Patients_of_a_facility_without_screens_or_with_family_data_stopping_are_not_scored_and_those_with_every_source_are()
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
        var fac03FamilyThrough = await cohort.Database.ScalarAsync<DateOnly>("select max(contact_date) from family_contact where facility_id = 'FAC03'");

        Assert.Equal([("FAC01", inDomain.Single(f => f.Facility == "FAC01").Patients)], scored);
        Assert.True(fac03FamilyThrough <= cohort.Fac03FamilyEnd);
        Assert.Contains(new NotScoredCount("no drug-screen data loaded", (int)inDomain.Single(f => f.Facility == "FAC02").Patients), cohort.Result.NotScored);
        Assert.Contains(new NotScoredCount($"no family-contact data since {fac03FamilyThrough:yyyy-MM-dd}", (int)inDomain.Single(f => f.Facility == "FAC03").Patients), cohort.Result.NotScored);
        Assert.DoesNotContain(cohort.Result.Flags, f => f.FacilityId != "FAC01");
    }

    [Fact]
    public async Task The_ledger_gives_each_facility_the_latest_date_its_files_of_a_source_carried()
    {
        var table = await new SourceDataThrough(cohort.Database.DataSource).ReadAsync();
        DateOnly? Through(string facility, string source) => table.Single(r => r.FacilityId == facility && r.Source == source).Through;
        var sessionsEnd = await cohort.Database.QueryAsync<(string Facility, DateOnly Last)>(
            "select facility_id, max(session_date) from attendance_session group by facility_id order by 1");

        Assert.Equal(["FAC01", "FAC02", "FAC03"], table.Select(r => r.FacilityId).Distinct());
        Assert.Equal(SourceDataThrough.Sources, table.Where(r => r.FacilityId == "FAC01").Select(r => r.Source));
        Assert.Null(Through("FAC02", "drug_screens"));
        Assert.Equal(0, table.Single(r => r.FacilityId == "FAC02" && r.Source == "drug_screens").Loads);
        Assert.Equal(await cohort.Database.ScalarAsync<DateOnly>("select max(contact_date) from family_contact where facility_id = 'FAC03'"), Through("FAC03", "family_contacts"));
        Assert.All(sessionsEnd, s => Assert.Equal(s.Last, Through(s.Facility, "sessions")));
        Assert.Equal(1, table.Single(r => r.FacilityId == "FAC01" && r.Source == "sessions").Loads);
    }

    [Fact]
    public void Snapshots_of_a_facility_whose_source_stops_are_not_trained_on()
    {
        Assert.Contains(cohort.Snapshots, s => s.FacilityId == "FAC02" && s.MissingSource == "no drug-screen data loaded" && s.PositiveScreens is null);
        Assert.Contains(cohort.Snapshots, s => s.FacilityId == "FAC03" && s.MissingSource is not null && s.FamilyContacts is null);
        Assert.DoesNotContain(cohort.Snapshots, s => s.FacilityId == "FAC01" && s.MissingSource is not null);
        var flow = cohort.Trained.Flow!;
        Assert.Equal(
            cohort.Snapshots.Count(s => s.DroppedOutWithinHorizon is not null && s.MissingSource is null),
            flow.Training.Rows + flow.SeenBeforeCutoff.Rows + flow.Recalibration.Rows + flow.Promotion.Rows + flow.Test.Rows);
        Assert.Equal(cohort.Snapshots.Count(s => s.DroppedOutWithinHorizon is not null && s.MissingSource is not null), flow.MissingSource.Rows);
        Assert.Equal((flow.Training.Rows, flow.Test.Rows), (cohort.Trained.TrainingRows, cohort.Trained.TestRows));
    }
}
