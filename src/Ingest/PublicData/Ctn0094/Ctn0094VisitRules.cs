using System.Globalization;
using System.Text.RegularExpressions;

namespace Outcomes.Ingest.PublicData.Ctn0094;

/// <summary>
/// The named patterns that classify the release's visit labels (visit.visit), whatever the trial: the CTN-0094 README
/// lists <c>BASELINE</c>, <c>WKn</c>, <c>EOT</c>, <c>M1F</c>/<c>M3F</c>, CTN-0030's phase labels <c>P1…</c>/<c>P2…</c> and
/// <c>Cross Active Study</c>. Matching ignores case. A label no rule knows is reported with its trial, table and count,
/// and its rows are left out; which weeks are treatment and which follow-up comes from the trial's own schedule
/// (<see cref="Ctn0094Schedule"/>), not from here.
/// </summary>
internal static partial class Ctn0094VisitRules
{
    public static readonly IReadOnlyList<(string Name, Regex Pattern, Ctn0094VisitKind Kind)> All =
    [
        ("baseline", Baseline(), Ctn0094VisitKind.Baseline),
        ("week", Week(), Ctn0094VisitKind.Week),
        ("phase-week", PhaseWeek(), Ctn0094VisitKind.Week),
        ("phase-final", PhaseFinal(), Ctn0094VisitKind.EndOfPhase),
        ("end-of-treatment", EndOfTreatment(), Ctn0094VisitKind.EndOfTreatment),
        ("month-follow-up", MonthFollowUp(), Ctn0094VisitKind.MonthFollowUp),
        ("cross-active-study", CrossActiveStudy(), Ctn0094VisitKind.CrossActiveStudy),
    ];

    /// <summary>The label as the first matching rule reads it; null when no rule knows it.</summary>
    public static Ctn0094VisitLabel? Classify(string label)
    {
        foreach (var (name, pattern, kind) in All)
        {
            var match = pattern.Match(label);
            if (!match.Success)
            {
                continue;
            }

            int? Number(string group) => match.Groups[group].Success ? int.Parse(match.Groups[group].Value, NumberStyles.None, CultureInfo.InvariantCulture) : null;
            var phase = Number("phase");
            var week = Number("week");
            var months = Number("months");
            if (phase == 0)
            {
                return null;
            }

            var canonical = kind switch
            {
                Ctn0094VisitKind.Week => (phase is { } p ? $"P{p}" : "") + $"WK{week}",
                Ctn0094VisitKind.EndOfPhase => $"P{phase}FINAL",
                Ctn0094VisitKind.MonthFollowUp => $"M{months}F",
                Ctn0094VisitKind.Baseline => "BASELINE",
                Ctn0094VisitKind.EndOfTreatment => "EOT",
                _ => "CROSS-ACTIVE-STUDY",
            };
            return new Ctn0094VisitLabel(name, kind, phase, week, months, canonical);
        }

        return null;
    }

    /// <summary>The intake visit: <c>BASELINE</c>.</summary>
    [GeneratedRegex(@"^BASELINE$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Baseline();

    /// <summary>Week n after randomisation: <c>WK0</c> … <c>WK32</c>, also <c>Week 5</c>.</summary>
    [GeneratedRegex(@"^(?:WK|WEEK)[ _-]?(?<week>\d{1,3})$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Week();

    /// <summary>Week n of phase p, counted from that phase's randomisation: <c>P1Wk4</c>, <c>P2Wk12</c>, <c>P2 Week 3</c>.</summary>
    [GeneratedRegex(@"^P(?<phase>\d)[ _-]?(?:WK|WEEK)[ _-]?(?<week>\d{1,3})$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex PhaseWeek();

    /// <summary>The final assessment of phase p: <c>P1Final</c>, <c>P2FinalWk</c>, <c>P1 Final Visit</c>.</summary>
    [GeneratedRegex(@"^P(?<phase>\d)[ _-]?FINAL(?:[ _-]?(?:WK|WEEK|VISIT))?$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex PhaseFinal();

    /// <summary>The end-of-treatment assessment: <c>EOT</c>, <c>End of treatment</c>.</summary>
    [GeneratedRegex(@"^(?:EOT|END[ _-]OF[ _-]TREATMENT)$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex EndOfTreatment();

    /// <summary>A follow-up m months after the end of treatment: <c>M1F</c>, <c>M3F</c>, <c>M6 Follow-up</c>.</summary>
    [GeneratedRegex(@"^M(?<months>\d{1,2})[ _-]?F(?:OLLOW[ _-]?UP)?$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex MonthFollowUp();

    /// <summary>A visit of another study the participant was active in at the time (CTN-0030): <c>Cross Active Study</c>.</summary>
    [GeneratedRegex(@"^CROSS[ _-]ACTIVE[ _-]STUDY$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex CrossActiveStudy();
}
