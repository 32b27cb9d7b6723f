using System.Globalization;
using Outcomes.Analytics.Runs;
using Outcomes.Analytics.Suppression;

namespace Outcomes.Analytics.Targets;

/// <summary>
/// Judges an analysis run's figures against the targets in force on the last day of its period: for each facility and
/// level of care the run holds a figure for, the most specific target of its metric and group (a facility's over every
/// facility's, a level's over every level's).
/// </summary>
public static class TargetEvaluation
{
    public static IReadOnlyList<TargetJudgement> Judge(AnalysisRun run, IReadOnlyList<OutcomeTarget> targets, SmallCellPolicy policy)
    {
        var day = run.Period.End;
        var inForce = targets.Where(t => t.AppliesOn(day)).ToList();
        var judgements = new List<TargetJudgement>();
        foreach (var figure in run.Figures.Where(f => f.LevelOfCare != Figure.IopMinusPhp && f.LevelOfCare != Figure.All))
        {
            var target = Find(inForce, figure.Metric, figure.Grouping, figure.FacilityId, figure.LevelOfCare, day);
            if (target is not null && figure.ProgramKey is null)
            {
                judgements.Add(Judge(target, figure, policy));
            }
        }

        return judgements;
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

    public static TargetJudgement Judge(OutcomeTarget target, Figure figure, SmallCellPolicy policy)
    {
        if (figure.Suppressed || figure.Estimate is not { } estimate)
        {
            return new TargetJudgement(target, figure, TargetVerdict.NotAssessable, null, figure.Suppressed ? "suppressed: a count from 1 to 10 would show" : "no figure");
        }

        var patients = figure.Denominator ?? figure.N;
        if (patients < policy.Threshold)
        {
            return new TargetJudgement(target, figure, TargetVerdict.NotAssessable, null,
                string.Create(CultureInfo.InvariantCulture, $"fewer than {policy.Threshold} in the denominator"));
        }

        var met = Meets(target, estimate);
        bool? clearly = figure.LowerBound is { } lower && figure.UpperBound is { } upper
            ? !(lower <= target.Target && target.Target <= upper)
            : null;
        var reason = $"{TargetMetrics.Format(target.Metric, estimate)} against {target.Describe()}"
            + (clearly switch { true => "; the whole 95% interval is on this side", false => "; the 95% interval includes the target", _ => "" });
        return new TargetJudgement(target, figure, met ? TargetVerdict.Met : TargetVerdict.NotMet, clearly, reason);
    }
}
