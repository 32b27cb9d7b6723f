using System.Globalization;
using System.Text;
using Outcomes.Analytics.DropoutRisk.Evaluation;
using Outcomes.Analytics.DropoutRisk.Features;
using Outcomes.Analytics.DropoutRisk.Training;
using Outcomes.Analytics.Proportions;
using Outcomes.Analytics.Suppression;

namespace Outcomes.Analytics.DropoutRisk.Registry;

/// <summary>
/// The model card of a trained dropout model, in Markdown: what it is for and not for, the data it learnt from, its
/// predictors, how well it did against its baselines on later admissions, by group of patients, and its limits.
/// Sections follow the TRIPOD+AI reporting items that apply to a model developed and validated in one data set
/// (Collins et al., BMJ 2024); the item numbers are given in brackets.
/// </summary>
public static class ModelCard
{
    /// <summary>How the reasons shown with a flag come from the model (the card's predictors section).</summary>
    public const string Explained =
        "Reasons shown with a flag: each predictor's contribution to the patient's log-odds, from the trees themselves (path-dependent TreeSHAP, the splits weighed by how many training rows took each side), which add up with the average training row's log-odds to the patient's; the largest four are shown in words from a reviewed table (`ReasonPhrases.tsv`), with its suggested action for a sign that raises the risk, signs the team can act on first. They say what moved this model's risk, not what causes dropout.";

    public static string Render(long modelId, TrainingResult result, int horizonDays, DateOnly dataThrough, string softwareVersion)
    {
        var c = CultureInfo.InvariantCulture;
        var text = new StringBuilder();
        void Line(string line = "") => text.Append(line).Append('\n');

        Line($"# Model card: early-dropout risk model {modelId}");
        Line();
        Line(string.Create(c, $"Software version {softwareVersion}; data through {dataThrough:yyyy-MM-dd}; algorithm: {DropoutModelTrainer.GradientBoosted}."));
        Line();
        Line("## Intended use [3, 5]");
        Line();
        Line(string.Create(c, $"Ranks the patients in intensive outpatient (IOP) and partial hospitalization (PHP) care by their risk of an unplanned discharge (dropped out, left against advice, discharged for non-attendance) within the next {horizonDays} days, so that a quality team with limited time reaches the patients most likely to stop coming. The risk is a prompt for a conversation, not a diagnosis: it must never be used to deny, shorten or withdraw care, and a counsellor's judgement overrides it."));
        Line();
        Line("## Data [5, 6, 8]");
        Line();
        Line(string.Create(c, $"Landmark snapshots of each episode on days {string.Join(", ", LandmarkSet.OfStoredModel(result.LandmarkDays))} after admission (while still in care), each built only from data dated on or before its day. Training: {result.TrainingRows:N0} snapshots of admissions before {result.TrainedThroughAdmission:yyyy-MM-dd}. Test (temporal validation): {result.TestRows:N0} snapshots of the test slice, patients first admitted on or after that day, {result.TestDropoutRate:P1} of them followed by an unplanned discharge within {horizonDays} days. Censoring: {CensoringRule.Name} (a snapshot is labelled only when its whole {horizonDays}-day window lies on or before the data-through date, discharged inside it or not)."));
        Line();
        Line(ModelCardSources.Sources(result));
        Line();
        Line(ModelCardSources.FeedbackLoop(result, horizonDays));
        Line();
        Flow(result, Line);
        MissingData(result, Line);
        Line("## Predictors [7]");
        Line();
        Line($"Numeric: {string.Join(", ", ModelInput.NumericNames)}. Categorical: facility, referral source. Sex, race and ethnicity are not predictors; they are recorded only to check the model's performance by group.");
        Line();
        Line(Explained);
        Line();
        Line("## Performance on later admissions [23]");
        Line();
        Line("| model | AUROC (95% CI) | AUPRC (95% CI) | Brier | calibration slope | calibration intercept |");
        Line("|---|---|---|---|---|---|");
        foreach (var e in result.Evaluations)
        {
            Line(string.Create(c, $"| {e.Model} | {e.Auroc:F3} ({e.AurocInterval.Lower:F3}–{e.AurocInterval.Upper:F3}) | {e.AveragePrecision:F3} ({e.AveragePrecisionInterval.Lower:F3}–{e.AveragePrecisionInterval.Upper:F3}) | {Value(e.Brier, "F4")} | {Value(e.CalibrationSlope, "F2")} | {Value(e.CalibrationIntercept, "F2")} |"));
        }

        Line();
        Line(string.Create(c, $"Intervals: percentile bootstrap, {DropoutModelTrainer.Replicates(result.TestRows)} resamples of the test patients, each with all their snapshots (a patient's snapshots are not independent).") + " A calibration slope of 1 and intercept of 0 mean the risks can be read as probabilities.");
        Line();
        var guards = result.GuardFailures;
        Line(string.Create(c, $"Guards before promotion: {result.TrainingEvents:N0} unplanned discharges in the training rows, {(result.CandidateVariables == 0 ? 0 : (double)result.TrainingEvents / result.CandidateVariables):F1} per candidate predictor ({result.CandidateVariables}); at least {PromotionGuards.MinimumEvents} events in training and in test, {PromotionGuards.MinimumEventsPerVariable} per predictor, both outcomes in each, an AUROC whose 95% interval lies above {0.5 + PromotionGuards.Margin:F2} and above the missed-sessions rule's AUROC less {PromotionGuards.Margin}, and a Brier score below a constant's. ")
            + (guards.Count == 0 ? "Passed: the model may be promoted." : $"Failed, so it is never promoted: {string.Join("; ", guards)}."));
        Line();
        Line("### Calibration of the gradient-boosted model (tenths of predicted risk)");
        Line();
        Line("| group | snapshots | mean predicted | observed (95% CI) |");
        Line("|---|---|---|---|");
        foreach (var g in result.Evaluations[0].CalibrationTable)
        {
            var observed = Policy.IsSmall(g.Count) ? Policy.SmallCellText : string.Create(c, $"{g.Observed:P1} ({g.ObservedInterval.Lower:P1}–{g.ObservedInterval.Upper:P1})");
            Line(string.Create(c, $"| {g.Group} | {Count(g.Count)} | {g.MeanPredicted:P1} | {observed} |"));
        }

        Line();
        CalibrationCurve(result, Line);
        ThresholdsAndNetBenefit(result, Line);
        LearningCurve(result, Line);
        Line("## Performance by group of patients [23a]");
        Line();
        Line("| attribute | group | snapshots | unplanned discharges | AUROC (95% CI) | mean predicted | observed (95% CI) | note |");
        Line("|---|---|---|---|---|---|---|---|");
        var groupsHidden = Complements(result.Subgroups, g => g.Attribute, g => g.Rows, g => g.Events);
        for (var i = 0; i < result.Subgroups.Count; i++)
        {
            var g = result.Subgroups[i];
            var auroc = g.TooSmall ? "too few to judge" : string.Create(c, $"{g.Auroc:F3} ({g.AurocInterval!.Value.Lower:F3}–{g.AurocInterval.Value.Upper:F3})");
            var (events, observed) = (groupsHidden[i].Rows ?? groupsHidden[i].Events) is { } hidden ? (hidden, hidden)
                : Outcome(g.Rows, g.Events, string.Create(c, $"{g.Observed:P1} ({g.ObservedInterval.Lower:P1}–{g.ObservedInterval.Upper:P1})"));
            Line(string.Create(c, $"| {g.Attribute} | {g.Group} | {groupsHidden[i].Rows ?? Count(g.Rows)} | {events} | {auroc} | {g.MeanPredicted:P1} | {observed} | {(g.Miscalibrated ? "mean risk outside the observed interval" : "")} |"));
        }

        Line();
        Line($"Groups with fewer than {SubgroupEvaluation.MinimumEachOutcome} snapshots of either outcome are too small to judge. {SmallCounts}");
        Line();
        Line("## Performance by landmark day [23a]");
        Line();
        Line("The gradient-boosted model on the test snapshots of each day after admission.");
        Line();
        Line("| day | snapshots | unplanned discharges | AUROC (95% CI) | calibration slope | calibration intercept | mean predicted | observed |");
        Line("|---|---|---|---|---|---|---|---|");
        var daysHidden = Complements(result.ByLandmarkDay, _ => "", d => d.Rows, d => d.Events);
        for (var i = 0; i < result.ByLandmarkDay.Count; i++)
        {
            var d = result.ByLandmarkDay[i];
            var auroc = d.TooSmall ? "too few to judge" : string.Create(c, $"{d.Auroc:F3} ({d.AurocInterval!.Value.Lower:F3}–{d.AurocInterval.Value.Upper:F3})");
            var (events, observed) = (daysHidden[i].Rows ?? daysHidden[i].Events) is { } hidden ? (hidden, hidden) : Outcome(d.Rows, d.Events, string.Create(c, $"{d.Observed:P1}"));
            Line(string.Create(c, $"| {d.Day} | {daysHidden[i].Rows ?? Count(d.Rows)} | {events} | {auroc} | {Value(d.CalibrationSlope, "F2")} | {Value(d.CalibrationIntercept, "F2")} | {d.MeanPredicted:P1} | {observed} |"));
        }

        Line();
        Line(string.Create(c, $"Intervals: percentile bootstrap, {LandmarkDayEvaluation.Replicates} resamples of the day's test patients. Days with fewer than {SubgroupEvaluation.MinimumEachOutcome} snapshots of either outcome are too small to judge. {SmallCounts}"));
        Line();
        Fairness(result, Line);
        ExternalValidationCited(Line);
        Line("## Limitations [27]");
        Line();
        Line("- Developed and validated on one organisation's data with a temporal split; not validated externally. Use elsewhere only after checking its calibration on local patients.");
        Line(result.Domain is { } domain
            ? string.Create(c, $"- Scores only patients inside what it learnt: {domain.DaysText} of care, {string.Join(" and ", domain.Levels.Select(l => l.ToUpperInvariant()))}. Patients in care outside them are not scored and are counted by reason (`outcomes score`: \"not scored: outside the model's range (day {domain.LastDay + 1}; trained on {domain.DaysText})\"): a risk there would be an extrapolation nobody checked.")
            : "- Scores only days 7 to about 28 of a stay as trained; later in a stay it extrapolates.");
        Line("- Each landmark day has fewer patients than the one before (those who left are not snapshotted again); late days rest on few test patients, so their intervals are wide (\"Performance by landmark day\").");
        var noisiest = result.Reference.Where(r => r.TrainingMonthsPsi is not null).MaxBy(r => r.TrainingMonthsPsi);
        const string Attendance = "- Attendance drives most of the risk: a change in how sessions are scheduled or recorded changes the risks. `outcomes model drift` compares each month's patients (one snapshot a patient) with the training rows of the same landmark days";
        const string Retrain = "retrain (`outcomes model train --promote-if-better`) when it warns.";
        Line(noisiest is null
            ? string.Create(c, $"{Attendance}; no training month had {MonthDrift.MinimumPatients} patients to measure their own drift, so it warns only above PSI {PopulationStability.Marked}; {Retrain}")
            : string.Create(c, $"{Attendance} and warns when a feature's PSI exceeds both {PopulationStability.Moderate} and the largest its own training months showed (here at most {noisiest.TrainingMonthsPsi:F3}, {noisiest.Feature}); {Retrain}"));
        Line("- Unplanned discharge is as recorded by the programs; a discharge recorded late makes recent outcomes look better than they are.");
        return text.ToString();
    }

    /// <summary>
    /// The participant flow [20a]: the snapshots left out by reason (a missing source by source) and the slices of the
    /// split by time and patient, each with its patients and events, so that a reader sees which rows each fit and each
    /// judgement used; the rows the caller chose when there was no split (an external validation, a comparison).
    /// </summary>
    private static void Flow(TrainingResult result, Action<string> line)
    {
        var c = CultureInfo.InvariantCulture;
        line("### Participant flow [20a]");
        line("");
        if (result.Flow is not { } flow)
        {
            line(string.Create(c, $"The rows were chosen by the caller: {Count(result.TrainingRows)} to train on and {Count(result.TestRows)} to test on."));
            line("");
            return;
        }

        line(string.Create(c, $"Split {flow.Split}. No patient is in two slices; the recalibration (`outcomes model recalibrate`) is fitted only on its slice, a candidate is compared with the promoted model only on the promotion slice, and the figures of this card are those of the test slice."));
        line("");
        line("| step | snapshots | patients | unplanned discharges within the horizon |");
        line("|---|---|---|---|");
        void Step(string name, SliceSize size) =>
            line($"| {name} | {Count(size.Rows)} | {Count(size.Patients)} | {(size.Events is { } events ? Outcome(size.Rows, events, "").Events : "–")} |");
        Step(string.Create(c, $"landmark snapshots in care ({Count(flow.Episodes)} episodes)"), flow.Snapshots);
        Step($"left out, censoring: {flow.Censoring}", flow.Censored);
        Step("left out: a source of the model missing on the day", flow.MissingSource);
        foreach (var source in flow.MissingBySource)
        {
            line($"| of which: {source.Reason} | {Count(source.Snapshots)} | | |");
        }

        Step("left out: an outreach on a flag within the horizon (\"Feedback loop\")", flow.Outreach);
        Step("left out: admitted after the cut-off, patient first admitted before it", flow.SeenBeforeCutoff);
        Step("training slice (admissions before the cut-off)", flow.Training);
        Step("recalibration slice", flow.Recalibration);
        Step("promotion slice", flow.Promotion);
        Step("test slice", flow.Test);
        line("");
        line(string.Create(c, $"Every row is one patient's episode on one landmark day; a patient has about {(flow.Snapshots.Patients == 0 ? 0 : (double)flow.Snapshots.Rows / flow.Snapshots.Patients):F1} snapshots. Events per candidate predictor: \"Guards before promotion\" below. {SmallCounts}"));
        line("");
    }

    /// <summary>How missing data are handled (TRIPOD+AI item 11), and which sources each facility's snapshots had.</summary>
    private static void MissingData(TrainingResult result, Action<string> line)
    {
        var c = CultureInfo.InvariantCulture;
        line("## Missing data [11]");
        line("");
        line("Missing sources are missing, not imputed as the good value. A facility whose sessions, drug screens or family contacts do not reach a snapshot's day (its file stops earlier, begins after the admission, or was never loaded) would otherwise read as full attendance, no positive screen and no family involvement: those features are missing instead, the snapshot is left out of every slice (\"Participant flow\": left out, a source of the model missing, by source), and such patients are not scored (`outcomes score`: \"not scored: no attendance data since …\"). A source that no facility of the data ever sent reads the same for everyone, so the model learns nothing from it and nobody is left out for it. Imputed on purpose: a window with no session expected (none scheduled in the last 7 or 14 days) counts as full attendance, not as a gap. Sex, race and ethnicity not recorded are a group of their own (\"unknown\"), never guessed.");
        line("");
        if (result.SourcesByFacility.Count == 0)
        {
            return;
        }

        line("Missing sources, by facility (its landmark snapshots whose data of the source did not reach their day):");
        line("");
        foreach (var facility in result.SourcesByFacility.GroupBy(s => s.Facility, StringComparer.Ordinal))
        {
            var parts = facility.Select(s => !s.Collected
                ? $"{Definitions.DataSources.Noun(s.Source)} never loaded for any facility (not used)"
                : s.Missing == 0
                    ? $"{Definitions.DataSources.Noun(s.Source)} on every snapshot"
                    : string.Create(c, $"{Definitions.DataSources.Noun(s.Source)} missing on {Count(s.Missing)} of {Count(s.Snapshots)} snapshots (left out)"));
            line($"- {facility.Key}: {string.Join("; ", parts)}.");
        }

        line("");
    }

    /// <summary>The smoothed calibration curve with ICI, E50, E90 and Emax (Austin and Steyerberg 2019).</summary>
    private static void CalibrationCurve(TrainingResult result, Action<string> line)
    {
        if (result.CalibrationCurve is not { } curve)
        {
            return;
        }

        var c = CultureInfo.InvariantCulture;
        line("### Smoothed calibration of the gradient-boosted model");
        line("");
        line(string.Create(c, $"Integrated calibration index (ICI, the mean distance between a predicted risk and the observed rate at it on the smoothed curve) {curve.Ici:P1}; E50 {curve.E50:P1}, E90 {curve.E90:P1}, Emax {curve.Emax:P1}. The curve: the outcome smoothed against the predicted risk by loess (local quadratic, the nearest {SmoothedCalibration.Span:P0} of the test snapshots at each point, tricube weights), as R's `loess(y ~ p)`."));
        line("");
        line("| predicted risk | observed on the smoothed curve |");
        line("|---|---|");
        foreach (var point in curve.Points)
        {
            line(string.Create(c, $"| {point.Predicted:P0} | {point.Observed:P1} |"));
        }

        line("");
    }

    /// <summary>The threshold table and the decision curve (net benefit against reaching out to everyone and the missed-sessions rule).</summary>
    private static void ThresholdsAndNetBenefit(TrainingResult result, Action<string> line)
    {
        var c = CultureInfo.InvariantCulture;
        var floor = result.OperatingPoint?.RiskFloor;
        if (result.Thresholds.Count > 0)
        {
            line("### Flagging at a risk threshold [23a]");
            line("");
            line("Every test snapshot at or above the threshold flagged, whatever the capacity: what each floor would catch and cost.");
            line("");
            line("| risk threshold | flagged snapshots | flagged a week (all facilities) | sensitivity | specificity | precision (PPV) | NPV |");
            line("|---|---|---|---|---|---|---|");
            foreach (var t in result.Thresholds)
            {
                var week = Policy.IsSmall(t.Flagged) ? Policy.SmallCellText : t.FlagsPerWeek.ToString("F1", c);
                line(string.Create(c, $"| {t.Threshold:P0}{(t.Threshold == floor ? " (risk floor)" : "")} | {FlaggedCount(t.Flagged, t.TruePositives + t.FalsePositives + t.FalseNegatives + t.TrueNegatives)} | {week} | {Rate(t.TruePositives, t.Events)} | {Rate(t.TrueNegatives, t.NonEvents)} | {Rate(t.TruePositives, t.Flagged)} | {Rate(t.TrueNegatives, t.NotFlagged)} |"));
            }

            line("");
            line("Sensitivity: flagged among the snapshots followed by an unplanned discharge; specificity: not flagged among the rest; precision: followed by an unplanned discharge among the flagged; NPV: not followed by one among those not flagged. A week: the flagged test snapshots over the weeks from the first test snapshot to the last. " + SmallRates);
            line("");
        }

        if (result.DecisionCurve.Count > 0)
        {
            line("### Net benefit (decision curve) [12e, 23a]");
            line("");
            line("| threshold probability | model | reach out to everyone | rule: two or more consecutive missed sessions | reach out to no one |");
            line("|---|---|---|---|---|");
            foreach (var d in result.DecisionCurve)
            {
                line(string.Create(c, $"| {d.Threshold:P0} | {d.Model:F3} | {d.TreatAll:F3} | {d.Rule:F3} | 0 |"));
            }

            line("");
            line("Net benefit = true positives / n − false positives / n × pₜ / (1 − pₜ) (Vickers and Elkin 2006): the unplanned discharges reached per test snapshot, less the needless calls weighed by the odds at the threshold pₜ at which a team counts a missed dropout and a needless call alike (at 10%, one missed dropout is worth nine calls). Times 100: dropouts reached per 100 patients, net of needless calls. The model is worth using at pₜ where its net benefit exceeds the other three.");
            line("");
        }
    }

    /// <summary>The learning curve: the AUROC on the test rows of models trained on part of the training patients.</summary>
    private static void LearningCurve(TrainingResult result, Action<string> line)
    {
        if (result.LearningCurve.Count == 0)
        {
            return;
        }

        var c = CultureInfo.InvariantCulture;
        line("### Learning curve");
        line("");
        line("| training patients | training snapshots | unplanned discharges | AUROC on the test rows |");
        line("|---|---|---|---|");
        foreach (var point in result.LearningCurve)
        {
            line(string.Create(c, $"| {point.Share:P0} | {Count(point.Rows)} | {FlaggedCount(point.Events, point.Rows)} | {(point.Auroc is { } auroc ? auroc.ToString("F3", c) : "too few to train")} |"));
        }

        line("");
        line("The gradient-boosted model trained on a random quarter and half of the training patients (each with all their snapshots), judged on the same test rows. A curve still rising at all of them says more admissions would help; a flat one, that the predictors limit the model, not the data.");
        line("");
    }

    /// <summary>
    /// Fairness at the operating point: flag rate, sensitivity and precision by group with Wilson intervals; groups' counts
    /// suppressed as <see cref="SuppressedTable"/> does (a small count, and one more in its attribute when a lone hidden
    /// count could be worked out from the total).
    /// </summary>
    private static void Fairness(TrainingResult result, Action<string> line)
    {
        if (result.Fairness.Count == 0 || result.OperatingPoint is not { } point)
        {
            return;
        }

        var c = CultureInfo.InvariantCulture;
        line("## Fairness at the operating point [14, 23a]");
        line("");
        line(string.Create(c, $"The flag rule as used: no flag below a risk of {point.RiskFloor:P0}, at most {point.WeeklyCapacityPerFacility} new flags a facility in any {Flags.FlagStore.CapacityDays} days, the highest risks first; applied to the test snapshots of each facility week by week. A group flagged less often with as many dropouts, or whose dropouts are caught less often (sensitivity), is served worse by the flags; lower precision means more calls to patients who would have stayed."));
        line("");
        line("| attribute | group | snapshots | flagged | flag rate (95% CI) | unplanned discharges | sensitivity (95% CI) | precision (95% CI) |");
        line("|---|---|---|---|---|---|---|---|");
        var all = result.Fairness.Where(f => f.Attribute == "all").ToList();
        foreach (var attribute in all.Concat(result.Fairness.Where(f => f.Attribute != "all")).GroupBy(f => f.Attribute, StringComparer.Ordinal))
        {
            var groups = attribute.ToList();
            var hidden = Hidden(groups);
            for (var i = 0; i < groups.Count; i++)
            {
                var g = groups[i];
                var (rows, flagged, events) = hidden[i];
                // A rate is hidden with any count it is read from: with the snapshots shown, it would give the count away.
                var flagRate = rows ?? flagged ?? WithInterval(g.Flagged, g.Rows);
                var sensitivity = rows ?? events ?? WithInterval(g.FlaggedEvents, g.Events);
                var precision = rows ?? flagged ?? WithInterval(g.FlaggedEvents, g.Flagged);
                line($"| {g.Attribute} | {g.Group} | {rows ?? Count(g.Rows)} | {flagged ?? FlaggedCount(g.Flagged, g.Rows)} | {flagRate} | {events ?? FlaggedCount(g.Events, g.Rows)} | {sensitivity} | {precision} |");
            }
        }

        line("");
        line("Intervals: Wilson score, by snapshot (a patient's snapshots are not independent, so they are somewhat too narrow). " + SmallRates + " Within an attribute, when a single group's count is hidden, the next smallest is hidden too (\"*\"), so that it cannot be worked out from the total.");
        line("");
    }

    /// <summary>
    /// For each group of one attribute, the text hiding its snapshots, flagged and events counts, or null where shown:
    /// each column suppressed as a one-column <see cref="SuppressedTable"/> (small counts, then complements).
    /// </summary>
    private static (string? Rows, string? Flagged, string? Events)[] Hidden(IReadOnlyList<FairnessResult> groups)
    {
        var rows = HiddenCounts([.. groups.Select(g => g.Rows)]);
        var flagged = HiddenCounts([.. groups.Select(g => g.Flagged)]);
        var events = HiddenCounts([.. groups.Select(g => g.Events)]);
        return [.. groups.Select((_, i) => (rows[i], flagged[i], events[i]))];
    }

    /// <summary>
    /// For each of <paramref name="items"/>, the text hiding its rows and events counts (null: shown), the groups of each
    /// attribute suppressed together: within an attribute the counts add up to the total printed elsewhere, so a lone
    /// hidden count would be worked out by subtraction.
    /// </summary>
    private static (string? Rows, string? Events)[] Complements<T>(
        IReadOnlyList<T> items, Func<T, string> attribute, Func<T, int> rows, Func<T, int> events)
    {
        var hidden = new (string?, string?)[items.Count];
        foreach (var members in Enumerable.Range(0, items.Count).GroupBy(i => attribute(items[i]), StringComparer.Ordinal))
        {
            var indices = members.ToArray();
            var r = HiddenCounts([.. indices.Select(i => rows(items[i]))]);
            var e = HiddenCounts([.. indices.Select(i => events(items[i]))]);
            for (var k = 0; k < indices.Length; k++)
            {
                hidden[indices[k]] = (r[k], e[k]);
            }
        }

        return hidden;
    }

    /// <summary>
    /// The counts of the parts of one whole as they may leave the database: null where shown, "&lt;11" where small, "*"
    /// where hidden so that a lone small one cannot be worked out from the whole (<see cref="SuppressedTable"/>, one column).
    /// </summary>
    private static string?[] HiddenCounts(IReadOnlyList<int> counts)
    {
        var cells = new long[counts.Count, 1];
        for (var i = 0; i < counts.Count; i++)
        {
            cells[i, 0] = counts[i];
        }

        var table = SuppressedTable.Apply(cells, Policy);
        return [.. counts.Select((_, i) => table.State(i, 0) switch
        {
            CellState.Small => Policy.SmallCellText,
            CellState.Complementary => SmallCellPolicy.ComplementaryText,
            _ => null,
        })];
    }

    /// <summary>The external validation of the method on another trial (docs/real-data.md), cited.</summary>
    private static void ExternalValidationCited(Action<string> line)
    {
        line("## External validation [23, 25]");
        line("");
        line("This model has not been validated outside the data it was developed on. The method has: the same features, landmark snapshots and trainer (`ExternalValidation`), trained on the public NIDA CTN-0027 trial (methadone or buprenorphine) at a week-4 landmark and tested on CTN-0051 (\"X:BOT\": inpatient detoxification, then extended-release naltrexone or buprenorphine-naloxone), a different population and medication. There the model ranked patients better than chance (the AUROC's 95% interval lies above 0.5) and a little better than the missed-sessions rule, far less well than within one population, and its calibration did not transport (risks too extreme). Figures and method: docs/real-data.md, \"The dropout model across trials\"; rerun with `outcomes import ctn0094`. So check a model's calibration on a center's own recent admissions (`outcomes model recalibrate`) before reading its risks as probabilities.");
        line("");
    }

    private static readonly string SmallRates =
        $"A rate whose numerator or denominator is from 1 to {SmallCellPolicy.DefaultThreshold - 1} is shown as \"{new SmallCellPolicy().SmallCellText}\", one whose denominator less its numerator is as small as \"{SmallCellPolicy.ComplementaryText}\".";

    /// <summary>A rate as it may leave the database: hidden when its numerator, denominator, or their difference is 1 to 10.</summary>
    private static string Rate(int numerator, int denominator)
    {
        if (denominator == 0)
        {
            return "–";
        }

        if (Policy.IsSmall(numerator) || Policy.IsSmall(denominator))
        {
            return Policy.SmallCellText;
        }

        return Policy.IsSmall(denominator - numerator) ? SmallCellPolicy.ComplementaryText : ((double)numerator / denominator).ToString("P1", CultureInfo.InvariantCulture);
    }

    /// <summary>A rate with its Wilson interval, hidden as <see cref="Rate"/>.</summary>
    private static string WithInterval(int numerator, int denominator)
    {
        var rate = Rate(numerator, denominator);
        if (denominator == 0 || rate == Policy.SmallCellText || rate == SmallCellPolicy.ComplementaryText)
        {
            return rate;
        }

        var interval = new Proportion(numerator, denominator).Wilson();
        return string.Create(CultureInfo.InvariantCulture, $"{rate} ({interval.Lower:P1}–{interval.Upper:P1})");
    }

    /// <summary>A count of a part of <paramref name="whole"/>: "&lt;11" when small, "*" when the rest of the whole is small.</summary>
    private static string FlaggedCount(int part, int whole) =>
        Policy.IsSmall(part) ? Policy.SmallCellText : Policy.IsSmall(whole - part) ? SmallCellPolicy.ComplementaryText : Count(part);

    private static readonly SmallCellPolicy Policy = new();

    private static readonly string SmallCounts =
        $"Counts from 1 to {SmallCellPolicy.DefaultThreshold - 1} are shown as \"{new SmallCellPolicy().SmallCellText}\", and \"{SmallCellPolicy.ComplementaryText}\" hides a count (and its rate) that would give one away.";

    /// <summary>A count as it may leave the database: 1 to 10 as "&lt;11" (<see cref="SmallCellPolicy"/>).</summary>
    private static string Count(int count) => Policy.IsSmall(count) ? Policy.SmallCellText : count.ToString("N0", CultureInfo.InvariantCulture);

    /// <summary>
    /// The events of a group and its observed rate: both hidden when the events or the rest of the group number 1 to
    /// 10, since the rate times the group, or the group less the events, would give the small count away.
    /// </summary>
    private static (string Events, string Observed) Outcome(int rows, int events, string observed)
    {
        if (Policy.IsSmall(rows) || Policy.IsSmall(events))
        {
            return (Policy.SmallCellText, Policy.SmallCellText);
        }

        return Policy.IsSmall(rows - events) ? (SmallCellPolicy.ComplementaryText, SmallCellPolicy.ComplementaryText) : (Count(events), observed);
    }

    private static string Value(double? value, string format) => value?.ToString(format, CultureInfo.InvariantCulture) ?? "–";
}
