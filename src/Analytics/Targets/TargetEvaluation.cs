using System.Globalization;
using MathNet.Numerics.Distributions;
using Outcomes.Analytics.Judgement;
using Outcomes.Analytics.Multiplicity;
using Outcomes.Analytics.Runs;
using Outcomes.Analytics.Suppression;

namespace Outcomes.Analytics.Targets;

/// <summary>
/// Judges an analysis run's figures against the targets in force on the last day of its period: for each facility and
/// level of care the run holds a figure for, the most specific target of its metric and group (a facility's over every
/// facility's, a level's over every level's). Verdicts follow the interval (<see cref="IntervalJudgement"/>), and a
/// run's judgements are one family for false-discovery control (Benjamini and Hochberg 1995): with some 300 judgements
/// a month, five per cent of the targets truly met on the dot would otherwise be called missed by chance.
/// </summary>
public static class TargetEvaluation
{
    /// <summary>
    /// <paramref name="smallWithheld"/>: a figure marked small (<see cref="Figure.Suppressed"/>) is not assessable, as an
    /// output released outside the organisation needs; an internal output judges it like any other (a denominator under
    /// the threshold stays not assessable either way).
    /// </summary>
    public static IReadOnlyList<TargetJudgement> Judge(AnalysisRun run, IReadOnlyList<OutcomeTarget> targets, SmallCellPolicy policy, bool smallWithheld = true)
    {
        var day = run.Period.End;
        var inForce = targets.Where(t => t.AppliesOn(day)).ToList();
        var judgements = new List<TargetJudgement>();
        foreach (var figure in run.Figures.Where(f => f.LevelOfCare != Figure.IopMinusPhp && f.LevelOfCare != Figure.All))
        {
            var target = Find(inForce, figure.Metric, figure.Grouping, figure.FacilityId, figure.LevelOfCare, day);
            if (target is not null && figure.ProgramKey is null)
            {
                judgements.Add(Judge(target, figure, policy, smallWithheld));
            }
        }

        return ControlFalseDiscoveries(judgements);
    }

    /// <summary>
    /// Keeps a met or not-met verdict only where it survives Benjamini–Hochberg control at 5% across
    /// <paramref name="judgements"/>; the others become "cannot tell", with the adjusted p value in the reason. Each
    /// judgement's p value is that of a two-sided test of the figure against its target, read from its 95% interval
    /// (the standard error as the interval's width over 2 × 1.96; Altman and Bland 2011, BMJ 343:d2090).
    /// </summary>
    public static IReadOnlyList<TargetJudgement> ControlFalseDiscoveries(IReadOnlyList<TargetJudgement> judgements)
    {
        var tested = judgements.Select((j, i) => (j, i, p: PValue(j))).Where(x => x.p is not null).ToList();
        if (tested.Count == 0)
        {
            return judgements;
        }

        var adjusted = BenjaminiHochberg.Adjust([.. tested.Select(x => x.p!.Value)]);
        var result = judgements.ToArray();
        for (var k = 0; k < tested.Count; k++)
        {
            var (judgement, index, _) = tested[k];
            var p = adjusted[k];
            var text = string.Create(CultureInfo.InvariantCulture, $"; false-discovery-adjusted p = {p:G2} across {tested.Count} judgements");
            result[index] = judgement.Verdict is TargetVerdict.Met or TargetVerdict.NotMet && p >= BenjaminiHochberg.DefaultRate
                ? judgement with { Verdict = TargetVerdict.CannotTell, Reason = judgement.Reason + text + ": not a finding after false-discovery control", AdjustedP = p }
                : judgement with { Reason = judgement.Reason + text, AdjustedP = p };
        }

        return result;
    }

    private static double? PValue(TargetJudgement judgement)
    {
        if (judgement.Verdict == TargetVerdict.NotAssessable || judgement.Figure is not { Estimate: { } estimate, LowerBound: { } lower, UpperBound: { } upper })
        {
            return null;
        }

        var z = ConfidenceLevel.Z();
        var se = (upper - lower) / (2 * z);
        if (!(se > 0))
        {
            return estimate == judgement.Target.Target ? 1 : 0;
        }

        return 2 * (1 - Normal.CDF(0, 1, Math.Abs(estimate - judgement.Target.Target) / se));
    }

    /// <summary>
    /// The target in force on <paramref name="day"/> for a figure of this metric and group, facility ("*" for all
    /// facilities together) and level ("*" for all levels together, which only a target for every level covers): the
    /// most specific one, a facility's over every facility's, a level's over every level's. Null when none is set.
    /// </summary>
    public static OutcomeTarget? Find(IEnumerable<OutcomeTarget> targets, string metric, string grouping, string facility, string level, DateOnly day) =>
        targets
            .Where(t => t.Metric == metric && t.Grouping == grouping && t.AppliesOn(day)
                        && (t.FacilityId is null || t.FacilityId == facility)
                        && (t.LevelOfCare is null || t.LevelOfCare == level))
            .OrderByDescending(t => t.Specificity).ThenByDescending(t => t.EffectiveFrom).FirstOrDefault();

    /// <summary>Whether an estimate meets a target: at least, or at most, the target value.</summary>
    public static bool Meets(OutcomeTarget target, double estimate) => target.AtLeast ? estimate >= target.Target : estimate <= target.Target;

    public static TargetJudgement Judge(OutcomeTarget target, Figure figure, SmallCellPolicy policy, bool smallWithheld = true)
    {
        var withheld = smallWithheld && figure.Suppressed;
        if (withheld || figure.Estimate is not { } estimate)
        {
            return new TargetJudgement(target, figure, TargetVerdict.NotAssessable, null, withheld ? "suppressed: a count from 1 to 10 would show" : "no figure");
        }

        var patients = figure.Denominator ?? figure.N;
        if (patients < policy.Threshold)
        {
            return new TargetJudgement(target, figure, TargetVerdict.NotAssessable, null,
                string.Create(CultureInfo.InvariantCulture, $"fewer than {policy.Threshold} in the denominator"));
        }

        var reason = $"{TargetMetrics.Format(target.Metric, estimate)} against {target.Describe()}";
        if (figure.LowerBound is not { } lower || figure.UpperBound is not { } upper)
        {
            return new TargetJudgement(target, figure, TargetVerdict.CannotTell, null, reason + "; no interval, so chance cannot be ruled out");
        }

        var verdict = IntervalJudgement.Judge(new Interval(lower, upper), target.Target, target.AtLeast) switch
        {
            IntervalVerdict.Met => TargetVerdict.Met,
            IntervalVerdict.NotMet => TargetVerdict.NotMet,
            _ => TargetVerdict.CannotTell,
        };
        var clearly = verdict != TargetVerdict.CannotTell;
        return new TargetJudgement(target, figure, verdict, clearly,
            reason + (clearly ? "; the whole 95% interval is on this side" : "; the 95% interval includes the target"));
    }
}
