using Outcomes.Analytics.Definitions;
using Outcomes.Analytics.DropoutRisk.Features;
using Outcomes.Analytics.DropoutRisk.Registry;
using Outcomes.Analytics.DropoutRisk.Training;
using Outcomes.Analytics.Tests.DropoutRisk.Scoring;
using Xunit;
using Xunit.Abstractions;

namespace Outcomes.Analytics.Tests.DropoutRisk.Training;

/// <summary>
/// The split by time and patient on the promoted model's generated cohort (real PostgreSQL): the rows each fit and each
/// judgement reads — training, the recalibration check, the promotion comparison, the card's test — share no patient,
/// and every one of them follows the one censoring rule.
/// </summary>
[Collection(PromotedModelCollection.Name)]
public sealed class EvaluationSlicesTests(PromotedModelCohort cohort, ITestOutputHelper output)
{
    private DateOnly Cutoff => cohort.Trained.TrainedThroughAdmission;

    private IReadOnlyList<SnapshotFeatures> Slice(EvaluationSlice slice) =>
        [.. cohort.Snapshots.Where(s => DropoutModelTrainer.Usable(s) && EvaluationSlices.Of(s, Cutoff) == slice)];

    private static HashSet<long> Patients(IEnumerable<SnapshotFeatures> rows) => [.. rows.Select(r => r.PatientKey)];

    [Fact]
    public async Task Recalibration_and_promotion_read_rows_of_patients_no_fit_saw_and_none_of_each_other_s()
    {
        var training = Patients(Slice(EvaluationSlice.Training));
        var test = Patients(Slice(EvaluationSlice.Test));
        var recalibration = Recalibrator.Rows(cohort.Snapshots, Cutoff);
        var promotion = PromotionCheck.Rows(cohort.Snapshots, Cutoff);
        var (recalibrated, compared) = (Patients(recalibration), Patients(promotion));

        Assert.All(new[] { training, test, recalibrated, compared }, set => Assert.NotEmpty(set));
        Assert.Empty(training.Intersect(recalibrated));
        Assert.Empty(training.Intersect(compared));
        Assert.Empty(training.Intersect(test));
        Assert.Empty(recalibrated.Intersect(compared));
        Assert.Empty(recalibrated.Intersect(test));
        Assert.Empty(compared.Intersect(test));
        // After the cut-off only patients first admitted on or after it: none had a row before it, labelled or not.
        var seenBefore = Patients(cohort.Snapshots.Where(s => s.AdmittedOn < Cutoff));
        Assert.Empty(seenBefore.Intersect(recalibrated.Concat(compared).Concat(test)));

        // The workflows read exactly these rows, and the stored flow counts them.
        var check = await new Recalibrator(cohort.Database.DataSource).CheckAsync(cohort.PromotedId, cohort.EndDate);
        Assert.Equal(recalibration.Count, check.Rows);
        var flow = cohort.Trained.Flow!;
        Assert.Equal((recalibration.Count, recalibrated.Count, recalibration.Count(r => r.DroppedOutWithinHorizon == true)),
            (flow.Recalibration.Rows, flow.Recalibration.Patients, flow.Recalibration.Events));
        Assert.Equal((promotion.Count, compared.Count), (flow.Promotion.Rows, flow.Promotion.Patients));
        Assert.Equal((cohort.Trained.TrainingRows, cohort.Trained.TestRows), (flow.Training.Rows, flow.Test.Rows));
        Assert.Equal((training.Count, test.Count), (flow.Training.Patients, flow.Test.Patients));
    }

    [Fact]
    public async Task A_candidate_is_compared_only_on_the_promotion_slice_after_the_later_of_the_two_cut_offs()
    {
        // A candidate trained on the earlier admissions alone: its cut-off falls before the promoted model's.
        var earlier = cohort.Snapshots.Where(s => s.AdmittedOn < Cutoff).ToList();
        var candidate = new DropoutModelTrainer().Train(earlier);
        Assert.True(candidate.TrainedThroughAdmission < Cutoff);
        var id = await new ModelRegistry(cohort.Database.DataSource).SaveCandidateAsync(candidate, SnapshotQuery.DefaultHorizonDays, cohort.EndDate);

        var verdict = await new PromotionCheck(cohort.Database.DataSource).CheckAsync(id);

        var compared = PromotionCheck.Rows(cohort.Snapshots, Cutoff);
        Assert.Equal(compared.Count, verdict.Rows);
        var fitted = Patients(earlier.Where(s => DropoutModelTrainer.Usable(s) && s.AdmittedOn < candidate.TrainedThroughAdmission))
            .Concat(Patients(Slice(EvaluationSlice.Training)));
        Assert.Empty(Patients(compared).Intersect(fitted));
        Assert.Empty(Patients(compared).Intersect(Patients(Recalibrator.Rows(cohort.Snapshots, candidate.TrainedThroughAdmission))));
    }

    [Fact]
    public async Task A_discharged_patient_whose_window_the_data_through_date_cuts_is_neither_labelled_nor_read_by_any_use()
    {
        // Snapshots whose 30-day window ends after the data, of episodes discharged unplanned inside it (counted in SQL).
        var cut = await cohort.Database.QueryAsync<(long EpisodeKey, DateOnly Discharged)>("""
            select e.episode_key, e.discharged_on from episode e
            where e.discharged_on is not null and e.discharge_reason = any(@Unplanned) and e.discharged_on <= @Through
            """, new { Unplanned = OutcomeDefinitions.UnplannedReasons.ToArray(), Through = cohort.EndDate });
        var discharged = cut.ToDictionary(c => c.EpisodeKey, c => c.Discharged);
        var inCutWindows = cohort.Snapshots.Where(s => s.SnapshotDate.AddDays(SnapshotQuery.DefaultHorizonDays) > cohort.EndDate
            && discharged.TryGetValue(s.EpisodeKey, out var day) && day <= s.SnapshotDate.AddDays(SnapshotQuery.DefaultHorizonDays)).ToList();

        Assert.NotEmpty(inCutWindows);
        Assert.All(inCutWindows, s => Assert.Null(s.DroppedOutWithinHorizon));
        var keys = inCutWindows.Select(s => (s.EpisodeKey, s.SnapshotDate)).ToHashSet();
        bool Any(IEnumerable<SnapshotFeatures> rows) => rows.Any(r => keys.Contains((r.EpisodeKey, r.SnapshotDate)));
        Assert.False(Any(Slice(EvaluationSlice.Training)), "trained on");
        Assert.False(Any(Slice(EvaluationSlice.Test)), "evaluated on");
        Assert.False(Any(Recalibrator.Rows(cohort.Snapshots, Cutoff)), "recalibrated on");
        Assert.False(Any(PromotionCheck.Rows(cohort.Snapshots, Cutoff)), "compared on");
        // Every window the date cuts is left out, and the flow counts them.
        var censored = cohort.Snapshots.Count(s => !CensoringRule.WindowComplete(s.SnapshotDate, SnapshotQuery.DefaultHorizonDays, cohort.EndDate));
        Assert.Equal(censored, cohort.Snapshots.Count(s => !CensoringRule.Labelled(s)));
        Assert.Equal(censored, cohort.Trained.Flow!.Censored.Rows);
        Assert.Contains(CensoringRule.Name, await new ModelRegistry(cohort.Database.DataSource).LoadCardAsync(cohort.PromotedId), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_card_shows_the_participant_flow_with_each_slice_s_snapshots_patients_and_events()
    {
        var card = await new ModelRegistry(cohort.Database.DataSource).LoadCardAsync(cohort.PromotedId);
        output.WriteLine(card);
        var flow = cohort.Trained.Flow!;

        Assert.Contains("### Participant flow [20a]", card, StringComparison.Ordinal);
        Assert.Contains(FormattableString.Invariant($"| test slice | {flow.Test.Rows:N0} | {flow.Test.Patients:N0} | {flow.Test.Events:N0} |"), card, StringComparison.Ordinal);
        Assert.Contains(FormattableString.Invariant($"| recalibration slice | {flow.Recalibration.Rows:N0} | {flow.Recalibration.Patients:N0} | {flow.Recalibration.Events:N0} |"), card, StringComparison.Ordinal);
        Assert.Contains(FormattableString.Invariant($"| promotion slice | {flow.Promotion.Rows:N0} | {flow.Promotion.Patients:N0} | {flow.Promotion.Events:N0} |"), card, StringComparison.Ordinal);
        Assert.Contains(FormattableString.Invariant($"| left out, censoring: {CensoringRule.Name} | {flow.Censored.Rows:N0} | {flow.Censored.Patients:N0} | – |"), card, StringComparison.Ordinal);
    }
}
