using System.Globalization;
using System.Text;
using Outcomes.Analytics.DropoutRisk.Evaluation;
using Outcomes.Analytics.DropoutRisk.Features;
using Outcomes.Analytics.DropoutRisk.Training;
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
        if (result.Flow is { } flow)
        {
            Line();
            ParticipantFlowLines(flow, Line);
        }

        Line();
        Line(ModelCardSources.Sources(result));
        Line();
        Line(ModelCardSources.FeedbackLoop(result, horizonDays));
        Line();
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
        Line("## Performance by group of patients [23a]");
        Line();
        Line("| attribute | group | snapshots | unplanned discharges | AUROC (95% CI) | mean predicted | observed (95% CI) | note |");
        Line("|---|---|---|---|---|---|---|---|");
        foreach (var g in result.Subgroups)
        {
            var auroc = g.TooSmall ? "too few to judge" : string.Create(c, $"{g.Auroc:F3} ({g.AurocInterval!.Value.Lower:F3}–{g.AurocInterval.Value.Upper:F3})");
            var (events, observed) = Outcome(g.Rows, g.Events, string.Create(c, $"{g.Observed:P1} ({g.ObservedInterval.Lower:P1}–{g.ObservedInterval.Upper:P1})"));
            Line(string.Create(c, $"| {g.Attribute} | {g.Group} | {Count(g.Rows)} | {events} | {auroc} | {g.MeanPredicted:P1} | {observed} | {(g.Miscalibrated ? "mean risk outside the observed interval" : "")} |"));
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
        foreach (var d in result.ByLandmarkDay)
        {
            var auroc = d.TooSmall ? "too few to judge" : string.Create(c, $"{d.Auroc:F3} ({d.AurocInterval!.Value.Lower:F3}–{d.AurocInterval.Value.Upper:F3})");
            var (events, observed) = Outcome(d.Rows, d.Events, string.Create(c, $"{d.Observed:P1}"));
            Line(string.Create(c, $"| {d.Day} | {Count(d.Rows)} | {events} | {auroc} | {Value(d.CalibrationSlope, "F2")} | {Value(d.CalibrationIntercept, "F2")} | {d.MeanPredicted:P1} | {observed} |"));
        }

        Line();
        Line(string.Create(c, $"Intervals: percentile bootstrap, {LandmarkDayEvaluation.Replicates} resamples of the day's test patients. Days with fewer than {SubgroupEvaluation.MinimumEachOutcome} snapshots of either outcome are too small to judge. {SmallCounts}"));
        Line();
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
    /// The participant flow [20a]: the snapshots left out and the slices of the split by time and patient, each with its
    /// patients and events, so that a reader sees which rows each fit and each judgement used.
    /// </summary>
    private static void ParticipantFlowLines(ParticipantFlow flow, Action<string> line)
    {
        var c = CultureInfo.InvariantCulture;
        line("### Participant flow [20a]");
        line("");
        line(string.Create(c, $"Split {flow.Split}. No patient is in two slices; the recalibration (`outcomes model recalibrate`) is fitted only on its slice, a candidate is compared with the promoted model only on the promotion slice, and the figures of this card are those of the test slice."));
        line("");
        line("| step | snapshots | patients | unplanned discharges |");
        line("|---|---|---|---|");
        void Step(string name, SliceSize size) =>
            line($"| {name} | {Count(size.Rows)} | {Count(size.Patients)} | {(size.Events is { } events ? Count(events) : "–")} |");
        Step("landmark snapshots in care", flow.Snapshots);
        Step($"left out, censoring: {flow.Censoring}", flow.Censored);
        Step("left out: a source of the model missing on the day", flow.MissingSource);
        Step("left out: admitted after the cut-off, patient first admitted before it", flow.SeenBeforeCutoff);
        Step("training slice (admissions before the cut-off)", flow.Training);
        Step("recalibration slice", flow.Recalibration);
        Step("promotion slice", flow.Promotion);
        Step("test slice", flow.Test);
    }

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
