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
            var target = inForce
                .Where(t => t.Metric == figure.Metric && t.Grouping == figure.Grouping
                            && (t.FacilityId is null || t.FacilityId == figure.FacilityId)
                            && (t.LevelOfCare is null || t.LevelOfCare == figure.LevelOfCare))
                .OrderByDescending(t => t.Specificity).ThenByDescending(t => t.EffectiveFrom).FirstOrDefault();
            if (target is not null && figure.ProgramKey is null)
            {
                judgements.Add(Judge(target, figure, policy));
            }
        }

        return judgements;
    }

    public static TargetJudgement Judge(OutcomeTarget target, Figure figure, SmallCellPolicy policy)
    {
        if (figure.Suppressed || figure.Estimate is not { } estimate)
        {
            return new TargetJudgement(target, figure, TargetVerdict.NotAssessable, null, figure.Suppressed ? "suppressed: too few patients" : "no figure");
        }

        var patients = figure.Denominator ?? figure.N;
        if (patients < policy.Threshold)
        {
            return new TargetJudgement(target, figure, TargetVerdict.NotAssessable, null,
                string.Create(CultureInfo.InvariantCulture, $"fewer than {policy.Threshold} in the denominator"));
        }

        var met = target.AtLeast ? estimate >= target.Target : estimate <= target.Target;
        bool? clearly = figure.LowerBound is { } lower && figure.UpperBound is { } upper
            ? !(lower <= target.Target && target.Target <= upper)
            : null;
        var reason = $"{TargetMetrics.Format(target.Metric, estimate)} against {target.Describe()}"
            + (clearly switch { true => "; the whole 95% interval is on this side", false => "; the 95% interval includes the target", _ => "" });
        return new TargetJudgement(target, figure, met ? TargetVerdict.Met : TargetVerdict.NotMet, clearly, reason);
    }
}
