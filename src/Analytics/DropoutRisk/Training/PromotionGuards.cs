using System.Globalization;

namespace Outcomes.Analytics.DropoutRisk.Training;

/// <summary>
/// What a trained model must show before it may ever be promoted — the first one included: enough events to learn
/// from and to judge it, both outcomes in its training and its test rows, and, on the held-out (test) rows, a
/// discrimination that beats a constant and does not trail the missed-sessions rule, with its interval:
/// <list type="bullet">
/// <item>at least <see cref="MinimumEvents"/> unplanned discharges in the training rows and as many in the test rows
/// (Collins, Ogundimu and Altman 2016: about 100 events for a validation to be judged);</item>
/// <item>at least <see cref="MinimumEventsPerVariable"/> training events per candidate predictor (Peduzzi et al. 1996;
/// a predictor is a numeric feature or a category of facility or referral source beyond the first);</item>
/// <item>the lower end of its AUROC 95% interval above 0.5 + <see cref="Margin"/> (a constant scores 0.5) and above the
/// rule's AUROC less <see cref="Margin"/> ("two or more consecutive missed sessions", on the same rows);</item>
/// <item>a Brier score below a constant's: the test rows' own dropout rate given to everyone.</item>
/// </list>
/// A model that fails any of them is stored with the reasons (<c>metrics → guard_failures</c>) and never promoted.
/// </summary>
public static class PromotionGuards
{
    public const int MinimumEvents = 100;
    public const double MinimumEventsPerVariable = 10;
    public const double Margin = 0.02;

    /// <summary>Why <paramref name="result"/> may not be promoted, in words; empty when it passes every guard.</summary>
    public static IReadOnlyList<string> Failures(TrainingResult result)
    {
        var c = CultureInfo.InvariantCulture;
        var failures = new List<string>();
        var testEvents = (int)Math.Round(result.TestRows * result.TestDropoutRate);
        if (result.TrainingEvents == 0 || result.TrainingEvents == result.TrainingRows || testEvents == 0 || testEvents == result.TestRows)
        {
            failures.Add(string.Create(c,
                $"both outcomes are needed in every split: training has {result.TrainingEvents:N0} unplanned discharges in {result.TrainingRows:N0} snapshots, test {testEvents:N0} in {result.TestRows:N0}"));
        }

        if (result.TrainingEvents < MinimumEvents || testEvents < MinimumEvents)
        {
            failures.Add(string.Create(c,
                $"too few events: {result.TrainingEvents:N0} unplanned discharges to train on and {testEvents:N0} to test on, at least {MinimumEvents} each are needed"));
        }

        var perVariable = result.CandidateVariables == 0 ? 0 : (double)result.TrainingEvents / result.CandidateVariables;
        if (perVariable < MinimumEventsPerVariable)
        {
            failures.Add(string.Create(c,
                $"too few events per variable: {perVariable:F1} ({result.TrainingEvents:N0} events, {result.CandidateVariables} candidate predictors), at least {MinimumEventsPerVariable} are needed"));
        }

        if (result.Evaluations.SingleOrDefault(e => e.Model == DropoutModelTrainer.GradientBoosted) is not { } model)
        {
            failures.Add("no evaluation of the model on held-out rows");
            return failures;
        }

        var rule = result.Evaluations.SingleOrDefault(e => e.Model == DropoutModelTrainer.MissedSessionsRule);
        var lower = model.AurocInterval.Lower;
        if (double.IsNaN(lower) || lower <= 0.5 + Margin)
        {
            failures.Add(string.Create(c,
                $"no better than a constant: AUROC {model.Auroc:F3} ({lower:F3}–{model.AurocInterval.Upper:F3}) on the test rows, the interval's lower end must be above {0.5 + Margin:F2}"));
        }
        else if (rule is not null && !(lower > rule.Auroc - Margin))
        {
            failures.Add(string.Create(c,
                $"not better than the missed-sessions rule: AUROC {model.Auroc:F3} ({lower:F3}–{model.AurocInterval.Upper:F3}) against the rule's {rule.Auroc:F3}, the interval's lower end must be above {rule.Auroc - Margin:F3}"));
        }

        var constantBrier = result.TestDropoutRate * (1 - result.TestDropoutRate);
        if (model.Brier is not { } brier || !(brier < constantBrier))
        {
            failures.Add(string.Create(c,
                $"no better calibrated than a constant: Brier {model.Brier:F4} against {constantBrier:F4} for the test rows' dropout rate given to everyone"));
        }

        return failures;
    }
}
