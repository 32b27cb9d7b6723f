using Outcomes.Analytics.Definitions;
using Outcomes.Analytics.DropoutRisk.Evaluation;
using Outcomes.Analytics.DropoutRisk.Features;
using Outcomes.Analytics.DropoutRisk.Registry;
using Outcomes.Analytics.DropoutRisk.Scoring;
using Outcomes.Ingest.Ledger;
using Xunit;

namespace Outcomes.Analytics.Tests.DropoutRisk.Scoring;

/// <summary>
/// The data sources a model learnt from, recorded with it and needed to score, and a source a facility began sending late
/// (<see cref="LateAndUnsentSourcesCenter"/>: no family contacts anywhere, FAC02's drug screens from 1 October 2025).
/// </summary>
[Collection(LateAndUnsentSourcesCollection.Name)]
public sealed class ModelSourcesTests(LateAndUnsentSourcesCenter center)
{
    [Fact]
    public async Task A_model_records_the_sources_it_learnt_from_and_its_card_names_the_one_no_facility_sent()
    {
        Assert.Equal(["sessions", "drug_screens"], center.Trained.Sources);
        var card = await new ModelRegistry(center.Database.DataSource).LoadCardAsync(center.PromotedId);

        Assert.Contains("Data sources learnt from: sessions and drug screens; not learnt from: family contacts (no training snapshot had any), so scoring does not need them", card, StringComparison.Ordinal);
        Assert.Contains("Feedback loop: handled by exclusion; outreach is not a predictor.", card, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_source_the_model_never_learnt_from_is_not_needed_but_one_it_claims_to_have_learnt_from_is()
    {
        var inDomain = await InDomainAsync(center.EndDate);

        // The model that learnt from sessions and screens scores everyone in its range whose sessions and screens reach
        // the day: no one is left out for the family contacts nobody sent.
        Assert.Equal(inDomain, center.End.Scored);
        Assert.DoesNotContain(center.End.NotScored, n => n.Reason.Contains("family", StringComparison.Ordinal));

        // The same model recorded as having learnt from family contacts too scores nobody: it would read "no family
        // involvement" where nothing was recorded at all.
        Assert.Equal(0, center.EndClaimingFamily.Scored);
        Assert.Contains(new NotScoredCount("no family-contact data loaded", inDomain), center.EndClaimingFamily.NotScored);

        // A model stored before its sources were recorded is scored as before: a source no facility sent is uninformative.
        Assert.Equal(inDomain, center.EndWithoutSources.Scored);
    }

    [Fact]
    public async Task Drift_reads_the_months_with_only_the_sources_the_model_learnt_from()
    {
        var registry = new ModelRegistry(center.Database.DataSource);
        var sessionsOnly = await registry.SaveCandidateAsync(center.Trained with { Sources = [DataSources.Sessions] }, SnapshotQuery.DefaultHorizonDays, center.EndDate);
        var withScreens = await registry.SaveCandidateAsync(center.Trained with { Sources = [DataSources.Sessions, DataSources.DrugScreens] }, SnapshotQuery.DefaultHorizonDays, center.EndDate);
        var drift = new DriftCheck(center.Database.DataSource);
        int Before(IReadOnlyList<MonthDrift> months) => months.Where(m => m.Month < LateAndUnsentSourcesCenter.ScreensFrom).Sum(m => m.Patients);
        // Snapshots of stays admitted before FAC02's screens began lack them too, up to the last landmark day (84).
        int Later(IReadOnlyList<MonthDrift> months) => months.Where(m => m.Month >= LateAndUnsentSourcesCenter.ScreensFrom.AddDays(90)).Sum(m => m.Patients);

        var (withoutScreens, needingScreens) = (await drift.CheckAsync(sessionsOnly, center.EndDate), await drift.CheckAsync(withScreens, center.EndDate));

        // Before FAC02 sent screens, a model that needs them reads only FAC01's patients; one that never learnt from them
        // reads both facilities'. Once every stay in care began after the screens did, the two read the same patients.
        Assert.True(Before(withoutScreens) > Before(needingScreens), $"{Before(withoutScreens)} patients against {Before(needingScreens)}");
        Assert.True(Later(withoutScreens) > 0);
        Assert.Equal(Later(withoutScreens), Later(needingScreens));
    }

    [Fact]
    public async Task The_ledger_gives_each_facility_the_first_date_its_files_of_a_source_carried()
    {
        var table = await new SourceDataThrough(center.Database.DataSource).ReadAsync();
        DateOnly? From(string facility, string source) => table.Single(r => r.FacilityId == facility && r.Source == source).From;

        Assert.Equal(
            await center.Database.ScalarAsync<DateOnly>("select min(collected_on) from drug_screen where facility_id = 'FAC02'"),
            From("FAC02", "drug_screens"));
        Assert.True(From("FAC02", "drug_screens") >= LateAndUnsentSourcesCenter.ScreensFrom);
        Assert.Equal(
            await center.Database.ScalarAsync<DateOnly>("select min(session_date) from attendance_session where facility_id = 'FAC02'"),
            From("FAC02", "sessions"));
        Assert.Null(From("FAC01", "family_contacts"));
    }

    [Fact]
    public async Task Snapshots_from_before_a_facility_began_sending_a_source_have_it_missing_and_are_not_trained_on()
    {
        var first = await center.Database.ScalarAsync<DateOnly>("select min(collected_on) from drug_screen where facility_id = 'FAC02'");
        var grace = DataSources.GraceDays(DataSources.DrugScreens);
        var early = center.Snapshots.Where(s => s.FacilityId == "FAC02" && s.AdmittedOn.AddDays(grace) <= first).ToList();
        var later = center.Snapshots.Where(s => s.FacilityId == "FAC02" && s.AdmittedOn.AddDays(grace) > first && s.SnapshotDate <= center.EndDate.AddDays(-30)).ToList();

        Assert.NotEmpty(early);
        Assert.All(early, s =>
        {
            Assert.Equal($"no drug-screen data before {first:yyyy-MM-dd}", s.MissingSource);
            Assert.Null(s.PositiveScreens);
            Assert.Null(s.RefusedScreens);
        });
        Assert.Contains(later, s => s.MissingSource is null && s.PositiveScreens is not null);
        Assert.Contains(center.Snapshots, s => s.FacilityId == "FAC01" && s.SnapshotDate < first && s.MissingSource is null);
        var flow = center.Trained.Flow!;
        Assert.Equal(
            center.Snapshots.Count(s => s.DroppedOutWithinHorizon is not null && s.MissingSource is null && !s.OutreachWithinHorizon),
            new[] { flow.SeenBeforeCutoff, flow.Training, flow.Recalibration, flow.Promotion, flow.Test }.Sum(s => s.Rows));
        Assert.Equal((center.Trained.TrainingRows, center.Trained.TestRows), (flow.Training.Rows, flow.Test.Rows));
    }

    [Fact]
    public async Task Patients_admitted_before_their_facility_began_sending_a_source_are_not_scored_and_are_counted_by_reason()
    {
        var first = await center.Database.ScalarAsync<DateOnly>("select min(collected_on) from drug_screen where facility_id = 'FAC02'");
        var grace = DataSources.GraceDays(DataSources.DrugScreens);
        var domain = center.Trained.Domain!;
        var before = await center.Database.ScalarAsync<long>("""
            select count(*) from episode e join program p on p.program_key = e.program_key
            where p.level_of_care in ('iop', 'php') and e.admitted_on <= @Day and (e.discharged_on is null or e.discharged_on > @Day)
              and @Day - e.admitted_on between @First and @Last and e.facility_id = 'FAC02' and e.admitted_on + @Grace <= @From
            """, new { Day = LateAndUnsentSourcesCenter.MidDay, First = domain.FirstDay, Last = domain.LastDay, Grace = grace, From = first });
        var scoredBefore = await center.Database.ScalarAsync<long>("""
            select count(*) from risk_score r join episode e on e.episode_key = r.episode_key
            where r.model_id = @ModelId and r.scored_on = @Day and e.facility_id = 'FAC02' and e.admitted_on + @Grace <= @From
            """, new { center.Mid.ModelId, Day = LateAndUnsentSourcesCenter.MidDay, Grace = grace, From = first });

        Assert.True(before > 0);
        Assert.Contains(new NotScoredCount($"no drug-screen data before {first:yyyy-MM-dd}", (int)before), center.Mid.NotScored);
        Assert.Equal(0, scoredBefore);
        Assert.True(center.Mid.Scored > 0);
    }

    private async Task<int> InDomainAsync(DateOnly day) => (int)await center.Database.ScalarAsync<long>("""
        select count(*) from episode e join program p on p.program_key = e.program_key
        where p.level_of_care in ('iop', 'php') and e.admitted_on <= @Day and (e.discharged_on is null or e.discharged_on > @Day)
          and @Day - e.admitted_on between @First and @Last
        """, new { Day = day, First = center.Trained.Domain!.FirstDay, Last = center.Trained.Domain.LastDay });
}
