using static Outcomes.Synthetic.Clinical.ContractCodes;

namespace Outcomes.Synthetic.Clinical;

/// <summary>
/// Which sessions a program day holds. IOP: a three-hour block (psychoeducation on the first day of the week,
/// group otherwise), a weekly individual session, and every other week a family session (involved families) or
/// medication management (medication or a co-occurring disorder): 9-19 hours a week (ASAM 2.1). PHP: a four-hour
/// block every weekday, two individual sessions, weekly medication management and family session: over 20 hours
/// (ASAM 2.5). Outpatient: a weekly 90-minute group and an individual session every other week (ASAM 1).
/// A case-management session opens every episode.
/// </summary>
internal static class ProgramSchedule
{
    public const int IopBlockMinutes = 180;
    public const int PhpBlockMinutes = 240;
    public const int OutpatientGroupMinutes = 90;
    public const int IndividualMinutes = 50;
    public const int FamilyMinutes = 60;
    public const int MedicationManagementMinutes = 30;
    public const int CaseManagementMinutes = 30;

    /// <param name="day">index of the day among the program's days of the week (0 = first)</param>
    /// <param name="daysPerWeek">the program's days per week</param>
    /// <param name="week">weeks since the admission week (0 = the admission week)</param>
    public static void SessionsOn(
        CareLevel level, int day, int daysPerWeek, int week, bool admissionDay, bool medicationVisits, bool family,
        List<(string Kind, int Minutes)> sessions)
    {
        sessions.Clear();
        if (admissionDay)
        {
            sessions.Add((SessionKind.CaseManagement, CaseManagementMinutes));
        }

        switch (level)
        {
            case CareLevel.Iop:
                sessions.Add((day == 0 ? SessionKind.Psychoeducation : SessionKind.Group, IopBlockMinutes));
                if (day == 1)
                {
                    sessions.Add((SessionKind.Individual, IndividualMinutes));
                }

                if (day == daysPerWeek - 1 && week % 2 == 1 && family)
                {
                    sessions.Add((SessionKind.Family, FamilyMinutes));
                }

                if (day == 0 && week % 2 == 0 && medicationVisits)
                {
                    sessions.Add((SessionKind.MedicationManagement, MedicationManagementMinutes));
                }

                break;
            case CareLevel.Php:
                sessions.Add((day is 1 or 3 ? SessionKind.Psychoeducation : SessionKind.Group, PhpBlockMinutes));
                if (day is 1 or 3)
                {
                    sessions.Add((SessionKind.Individual, IndividualMinutes));
                }

                if (day == 2 && medicationVisits)
                {
                    sessions.Add((SessionKind.MedicationManagement, MedicationManagementMinutes));
                }

                if (day == 3 && family)
                {
                    sessions.Add((SessionKind.Family, FamilyMinutes));
                }

                break;
            default:
                if (day == 0)
                {
                    sessions.Add((SessionKind.Group, OutpatientGroupMinutes));
                }
                else if (week % 2 == 1)
                {
                    sessions.Add((SessionKind.Individual, IndividualMinutes));
                }
                else if (week % 4 == 0 && medicationVisits)
                {
                    sessions.Add((SessionKind.MedicationManagement, MedicationManagementMinutes));
                }
                else if (week % 4 == 2 && family)
                {
                    sessions.Add((SessionKind.Family, FamilyMinutes));
                }

                break;
        }
    }

    /// <summary>Whether a drug screen is collected on this program day (the intake screen aside).</summary>
    public static bool ScreenOn(CareLevel level, int day, int week) => level switch
    {
        CareLevel.Iop => day == 0 && week >= 1,
        CareLevel.Php => day is 0 or 3,
        _ => day == 0 && week % 2 == 0 && week >= 1,
    };
}
