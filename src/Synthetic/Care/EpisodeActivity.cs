using Outcomes.Synthetic.Clinical;
using Outcomes.Synthetic.Output;
using Outcomes.Synthetic.Randomness;
using static Outcomes.Synthetic.Clinical.ContractCodes;

namespace Outcomes.Synthetic.Care;

/// <summary>
/// Writes what happens during one episode, day by day up to its discharge or the end date: scheduled sessions
/// and whether the patient came, drug screens, family contacts, and a relapse the patient reports during care.
/// With <paramref name="observed"/>, it also keeps the episode's session statuses and later screen results there (no
/// draw is added or moved, so the files stay the same).
/// </summary>
internal sealed class EpisodeActivity(DropFiles drop, IdCounters ids, DateOnly endDate, ObservedActivity? observed = null)
{
    private readonly List<(string Kind, int Minutes)> _sessions = new(8);

    public void Write(EpisodeFacts episode, SeededRandom random)
    {
        observed?.Clear();
        var last = episode.PlantedDischarge < endDate ? episode.PlantedDischarge : endDate;
        var x = episode.Covariates;
        var usualPresence = Math.Clamp(
            AttendanceRates.UsualPresenceMean + AttendanceRates.UsualPresenceSpread * random.Normal()
            - (x.PositiveIntakeScreen ? AttendanceRates.PositiveIntakePenalty : 0)
            - (x.CoOccurringDisorder ? AttendanceRates.CoOccurringPenalty : 0),
            AttendanceRates.UsualPresenceMin, AttendanceRates.UsualPresenceMax);
        var medicationVisits = x.MedicationForAddictionTreatment || x.CoOccurringDisorder;
        var calendar = episode.Calendar;

        for (var date = episode.Admission; date <= last; date = date.AddDays(1))
        {
            var day = calendar.DayIndex(date);
            if (day < 0)
            {
                continue;
            }

            var week = ProgramCalendar.WeekSince(episode.Admission, date);
            var decline = episode.Decline(date);
            ProgramSchedule.SessionsOn(episode.Profile.Level, day, calendar.DaysPerWeek, week, date == episode.Admission, medicationVisits, x.FamilyInvolvement, _sessions);
            foreach (var (kind, minutes) in _sessions)
            {
                WriteSession(episode, date, kind, minutes, usualPresence, decline, random);
            }

            if (date == episode.Admission)
            {
                WriteScreen(episode, date, x.PositiveIntakeScreen ? ScreenResult.Positive : random.Chance(ScreeningRates.DiluteShare) ? ScreenResult.Dilute : ScreenResult.Negative, random);
            }
            else if (ProgramSchedule.ScreenOn(episode.Profile.Level, day, week))
            {
                var result = LaterScreenResult(episode, decline, random);
                observed?.LaterScreens.Add((date, result));
                WriteScreen(episode, date, result, random);
            }
        }

        WriteFamilyContacts(episode, last, random);
        WriteSelfReportedRelapse(episode, last, random);
    }

    private void WriteSession(EpisodeFacts episode, DateOnly date, string kind, int minutes, double usualPresence, double decline, SeededRandom random)
    {
        string status;
        int attended;
        if (random.Chance(AttendanceRates.CancelledByProgram))
        {
            (status, attended) = (SessionStatus.CancelledByProgram, 0);
        }
        else if (random.Chance(usualPresence * (1 - AttendanceRates.DeclineAtDischarge * decline)))
        {
            var u = random.NextDouble();
            if (u < AttendanceRates.LateShareOfPresent)
            {
                (status, attended) = (SessionStatus.Late, minutes - random.Between(10, Math.Min(45, minutes - 5)));
            }
            else if (u < AttendanceRates.LateShareOfPresent + AttendanceRates.LeftEarlyShareOfPresent)
            {
                (status, attended) = (SessionStatus.LeftEarly, Math.Max(5, (int)(minutes * (0.3 + 0.5 * random.NextDouble()))));
            }
            else
            {
                // Some sessions run a little over.
                (status, attended) = (SessionStatus.Attended, random.Chance(0.1) ? minutes + random.Between(5, 15) : minutes);
            }
        }
        else
        {
            // Near a dropout, absences are no-shows rather than calls ahead.
            var u = random.NextDouble();
            var cancelled = AttendanceRates.CancelledShareOfAbsent * (1 - decline);
            var excused = AttendanceRates.ExcusedShareOfAbsent * (1 - decline);
            status = u < cancelled ? SessionStatus.CancelledByPatient : u < cancelled + excused ? SessionStatus.Excused : SessionStatus.NoShow;
            attended = 0;
        }

        observed?.Sessions.Add((date, status));
        var s = drop.Sessions;
        var file = s.File;
        file.Set(s.Facility, episode.FacilityId);
        file.SetId(s.Session, 'S', ++ids.Session, 0);
        file.Set(s.Episode, episode.EpisodeId);
        file.Set(s.Date, date);
        file.Set(s.Kind, kind);
        file.Set(s.Scheduled, minutes);
        file.Set(s.Status, status);
        file.Set(s.Attended, attended);
        file.EndRow();
    }

    /// <summary>The chances that a screen after intake is positive and that it is refused, at a point of the decline.</summary>
    public static (double Positive, double Refused) LaterScreenChances(EpisodeFacts episode, double decline)
    {
        var x = episode.Covariates;
        var positive = ScreeningRates.LaterPositiveBase
            + (x.PositiveIntakeScreen ? ScreeningRates.AfterPositiveIntake : 0)
            + (IsOpioid(episode.Patient.PrimarySubstance) && !x.MedicationForAddictionTreatment ? ScreeningRates.UntreatedOpioid : 0)
            + ScreeningRates.BeforeDropout * decline;
        var refused = ScreeningRates.RefusedBase + ScreeningRates.RefusedBeforeDropout * decline;
        return (positive, refused);
    }

    private static string LaterScreenResult(EpisodeFacts episode, double decline, SeededRandom random)
    {
        var (positive, refused) = LaterScreenChances(episode, decline);
        var u = random.NextDouble();
        return u < positive ? ScreenResult.Positive
            : u < positive + refused ? ScreenResult.Refused
            : u < positive + refused + ScreeningRates.DiluteShare ? ScreenResult.Dilute
            : u < positive + refused + ScreeningRates.DiluteShare + ScreeningRates.InvalidShare ? ScreenResult.Invalid
            : ScreenResult.Negative;
    }

    private void WriteScreen(EpisodeFacts episode, DateOnly date, string result, SeededRandom random)
    {
        var substances = "";
        if (result == ScreenResult.Positive)
        {
            substances = ScreenSubstanceFor[episode.Patient.PrimarySubstance];
            if (random.Chance(ScreeningRates.SecondSubstance))
            {
                var second = SecondaryScreenSubstances[random.Next(SecondaryScreenSubstances.Count)];
                if (second != substances)
                {
                    substances += ";" + second;
                }
            }
        }

        var d = drop.DrugScreens;
        d.File.Set(d.Facility, episode.FacilityId);
        d.File.SetId(d.Screen, 'U', ++ids.Screen, 0);
        d.File.Set(d.Episode, episode.EpisodeId);
        d.File.Set(d.Date, date);
        d.File.Set(d.Result, result);
        d.File.Set(d.Substances, substances);
        d.File.EndRow();
    }

    private void WriteFamilyContacts(EpisodeFacts episode, DateOnly last, SeededRandom random)
    {
        if (episode.Covariates.FamilyInvolvement)
        {
            WriteContact(episode, episode.Admission, FamilyContact.Phone, attended: true);
            var education = episode.Calendar.OnOrAfter(episode.Admission.AddDays(2));
            if (education <= last)
            {
                WriteContact(episode, education, FamilyContact.FamilyEducation, random.Chance(FamilyRates.EducationAttended));
            }

            for (var group = education.AddDays(FamilyRates.MultiFamilyGroupEveryDays); group <= last; group = group.AddDays(FamilyRates.MultiFamilyGroupEveryDays))
            {
                WriteContact(episode, group, FamilyContact.MultiFamilyGroup, random.Chance(FamilyRates.MultiFamilyGroupAttended));
            }
        }
        else if (random.Chance(FamilyRates.UninvolvedCallAttempt))
        {
            var call = episode.Admission.AddDays(random.Between(1, 3));
            if (call <= last)
            {
                WriteContact(episode, call, FamilyContact.Phone, attended: false);
            }
        }
    }

    private void WriteContact(EpisodeFacts episode, DateOnly date, string kind, bool attended)
    {
        var f = drop.FamilyContacts;
        f.File.Set(f.Facility, episode.FacilityId);
        f.File.SetId(f.Contact, 'C', ++ids.Contact, 0);
        f.File.Set(f.Episode, episode.EpisodeId);
        f.File.Set(f.Date, date);
        f.File.Set(f.Kind, kind);
        f.File.SetYesNo(f.Attended, attended);
        f.File.EndRow();
    }

    private void WriteSelfReportedRelapse(EpisodeFacts episode, DateOnly last, SeededRandom random)
    {
        DateOnly? date = null;
        if (episode.Unplanned && random.Chance(AfterCareRates.SelfReportBeforeDropout))
        {
            date = episode.PlantedDischarge.AddDays(-random.Between(0, 13));
        }
        else if (random.Chance(AfterCareRates.SelfReportDuringCare))
        {
            date = episode.Admission.AddDays(random.Next(episode.PlantedDischarge.DayNumber - episode.Admission.DayNumber + 1));
        }

        if (date is { } day && day >= episode.Admission && day <= last)
        {
            RelapseEventWriter.Write(drop, ids, episode.FacilityId, episode.EpisodeId, day, Relapse.SelfReport);
        }
    }
}
