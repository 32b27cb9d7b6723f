using Outcomes.Synthetic.Randomness;
using static Outcomes.Synthetic.Clinical.ContractCodes;

namespace Outcomes.Synthetic.Clinical;

/// <summary>
/// The three levels of care of a generated facility. Sources, in words, are in docs/synthetic-data.md; the
/// short form is in the comment of each value.
/// </summary>
internal static class LevelProfiles
{
    private static readonly DayOfWeek[] MonWedFri = [DayOfWeek.Monday, DayOfWeek.Wednesday, DayOfWeek.Friday];
    private static readonly DayOfWeek[] MonToThu = [DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday];
    private static readonly DayOfWeek[] MonToFri = [DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday];

    /// <summary>
    /// Intensive outpatient, ASAM 2.1: 9-19 hours a week on 3-5 days of about 3 hours (ASAM Criteria), planned
    /// 6-12 weeks. Discharge mix after TEDS-D intensive outpatient discharges (2004: completed 38%, transferred 18%,
    /// dropped out 23%, terminated by facility 14%, other 7%), set within the ranges: completed 40%,
    /// dropped out or left against advice 24%, transferred 19%, administrative 12%, other 5%. Stays after TEDS-D
    /// 2004 median lengths of stay: all 41 days, completed 50, transferred 42, dropped out 26, terminated 36.
    /// </summary>
    public static readonly LevelProfile Iop = new()
    {
        Level = CareLevel.Iop,
        LevelOfCare = "IOP",
        AsamLevel = "2.1",
        ProgramId = "IOP",
        ProgramName = "intensive outpatient program",
        PlannedWeeksByFacility = [8, 10, 6, 12],
        ProgramDaysByFacility = [MonWedFri, MonToThu, MonWedFri, MonToFri],
        // Three hours a day plus a weekly individual session, rounded.
        PlannedHoursByFacility = [10, 13, 10, 16],
        UnplannedShare = 0.36,
        UnplannedReasons = new([(Reason.DroppedOut, 0.19), (Reason.LeftAgainstAdvice, 0.05), (Reason.Administrative, 0.12)]),
        PlannedReasons = new([(Reason.Completed, 0.40), (Reason.Transferred, 0.19), (Reason.Incarcerated, 0.015), (Reason.Died, 0.003), (Reason.Other, 0.032)]),
        StayByReason = new Dictionary<string, StayShape>
        {
            [Reason.Completed] = new(0.89, 0.14),
            [Reason.Transferred] = new(0.76, 0.35),
            [Reason.DroppedOut] = new(0.47, 0.75),
            [Reason.LeftAgainstAdvice] = new(0.47, 0.75),
            [Reason.Administrative] = new(0.66, 0.50),
            [Reason.Incarcerated] = new(0.64, 0.60),
            [Reason.Died] = new(0.64, 0.60),
            [Reason.Other] = new(0.64, 0.60),
        },
        MaxStayDays = 150,
        StepsDownTo = CareLevel.Op,
        // Assumption: most IOP transfers are a planned step-down to the same center's outpatient program.
        StepDownShareOfTransfers = 0.6,
    };

    /// <summary>
    /// Partial hospitalization, ASAM 2.5: 20 or more hours a week, five days (ASAM Criteria), planned 2-4 weeks.
    /// TEDS-D counts PHP within intensive outpatient, so there is no national PHP mix; assumption: most PHP
    /// episodes end in a step-down to IOP (transferred 42%), completed 30%, unplanned 23%, other 5%.
    /// </summary>
    public static readonly LevelProfile Php = new()
    {
        Level = CareLevel.Php,
        LevelOfCare = "PHP",
        AsamLevel = "2.5",
        ProgramId = "PHP",
        ProgramName = "partial hospitalization program",
        PlannedWeeksByFacility = [3, 4, 2],
        ProgramDaysByFacility = [MonToFri],
        // Four hours a day plus individual, family and medication sessions.
        PlannedHoursByFacility = [22],
        UnplannedShare = 0.23,
        UnplannedReasons = new([(Reason.DroppedOut, 0.12), (Reason.LeftAgainstAdvice, 0.04), (Reason.Administrative, 0.07)]),
        PlannedReasons = new([(Reason.Completed, 0.30), (Reason.Transferred, 0.42), (Reason.Incarcerated, 0.01), (Reason.Died, 0.002), (Reason.Other, 0.038)]),
        StayByReason = new Dictionary<string, StayShape>
        {
            [Reason.Completed] = new(1.00, 0.12),
            [Reason.Transferred] = new(0.85, 0.25),
            [Reason.DroppedOut] = new(0.40, 0.75),
            [Reason.LeftAgainstAdvice] = new(0.35, 0.75),
            [Reason.Administrative] = new(0.55, 0.50),
            [Reason.Incarcerated] = new(0.50, 0.60),
            [Reason.Died] = new(0.50, 0.60),
            [Reason.Other] = new(0.50, 0.60),
        },
        MaxStayDays = 60,
        StepsDownTo = CareLevel.Iop,
        // Assumption: a PHP transfer is nearly always the step-down to the same center's IOP.
        StepDownShareOfTransfers = 0.85,
    };

    /// <summary>
    /// Outpatient, ASAM 1: under 9 hours a week; here a weekly group and an individual session every other week,
    /// planned 12 weeks. Discharge mix after TEDS-D 2004 outpatient discharges: completed 36%, transferred 12%,
    /// dropped out 27%, terminated 10%, other 14% (dropped out split into dropped out and left against advice).
    /// </summary>
    public static readonly LevelProfile Op = new()
    {
        Level = CareLevel.Op,
        LevelOfCare = "OP",
        AsamLevel = "1",
        ProgramId = "OP",
        ProgramName = "outpatient program",
        PlannedWeeksByFacility = [12],
        ProgramDaysByFacility = [[DayOfWeek.Tuesday, DayOfWeek.Thursday]],
        PlannedHoursByFacility = [2],
        UnplannedShare = 0.377,
        UnplannedReasons = new([(Reason.DroppedOut, 0.22), (Reason.LeftAgainstAdvice, 0.052), (Reason.Administrative, 0.105)]),
        PlannedReasons = new([(Reason.Completed, 0.364), (Reason.Transferred, 0.117), (Reason.Incarcerated, 0.03), (Reason.Died, 0.004), (Reason.Other, 0.108)]),
        StayByReason = new Dictionary<string, StayShape>
        {
            [Reason.Completed] = new(1.00, 0.15),
            [Reason.Transferred] = new(0.60, 0.40),
            [Reason.DroppedOut] = new(0.40, 0.75),
            [Reason.LeftAgainstAdvice] = new(0.40, 0.75),
            [Reason.Administrative] = new(0.55, 0.50),
            [Reason.Incarcerated] = new(0.50, 0.60),
            [Reason.Died] = new(0.50, 0.60),
            [Reason.Other] = new(0.50, 0.60),
        },
        MaxStayDays = 200,
    };

    public static LevelProfile For(CareLevel level) => level switch
    {
        CareLevel.Php => Php,
        CareLevel.Iop => Iop,
        _ => Op,
    };

    public static IReadOnlyList<LevelProfile> All { get; } = [Php, Iop, Op];
}
