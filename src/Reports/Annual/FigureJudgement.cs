using Outcomes.Analytics.Runs;
using Outcomes.Analytics.Suppression;
using Outcomes.Analytics.Targets;
using Outcomes.Reports.Disclosure;
using Outcomes.Reports.Tables;

namespace Outcomes.Reports.Annual;

/// <summary>
/// A published figure against its target. Judged as <see cref="TargetEvaluation"/> judges it, except that a figure
/// whose estimate the published table hides (a small count, or one hidden so a small count cannot be worked out) is
/// not assessable: a verdict on it would tell what the table keeps back.
/// </summary>
internal static class FigureJudgement
{
    public static (TargetVerdict Verdict, bool? Clearly, string Reason) Judge(OutcomeTarget target, Figure? figure, TableRow? row, DisclosurePolicy disclosure)
    {
        if (figure is null || row is null)
        {
            return (TargetVerdict.NotAssessable, null, "no figure: nobody counted in this period");
        }

        if (row.Cells[5].Number is null)
        {
            var text = row.Cells[5].Text;
            return (TargetVerdict.NotAssessable, null, text is null or "suppressed" ? "suppressed: a count from 1 to 10 would show" : text);
        }

        var judgement = TargetEvaluation.Judge(target, figure, disclosure.Cells, smallWithheld: disclosure.Suppresses);
        return (judgement.Verdict, judgement.Clearly, judgement.Reason);
    }

    public static string Words(TargetVerdict verdict) => verdict switch
    {
        TargetVerdict.Met => "met",
        TargetVerdict.NotMet => "not met",
        TargetVerdict.CannotTell => "cannot tell",
        _ => "not assessable",
    };
}
