using System.Globalization;
using Outcomes.Synthetic.Clinical;
using Outcomes.Synthetic.Cohort;
using Outcomes.Synthetic.Output;
using Outcomes.Synthetic.Randomness;
using Outcomes.Synthetic.Truth;
using static Outcomes.Synthetic.Clinical.ContractCodes;

namespace Outcomes.Synthetic.Care;

/// <summary>
/// Generates one patient at a time: who they are, their course of care (PHP, stepping down to IOP, then to
/// outpatient care, or IOP alone), how each episode ends under the planted dropout model, what happens in it
/// and after it, and a readmission that starts a new course. Every row goes to its file as soon as it exists.
/// </summary>
internal sealed class PathwaySimulator
{
    private readonly CohortOptions _options;
    private readonly FacilityRoster _facilities;
    private readonly DropoutModel _model;
    private readonly DropFiles _drop;
    private readonly TruthEpisodeWriter _truth;
    private readonly TruthCourseWriter _courses;
    private readonly TruthLandmarkWriter? _landmarks;
    private readonly IdCounters _ids = new();
    private readonly EpisodeActivity _activity;
    private readonly AfterCare _afterCare;
    private readonly MeasurementWriter _measures;
    private readonly ProgramCalendar[,] _calendars;
    private readonly int _windowDays;

    /// <param name="landmarks">the landmark oracle's file, when asked for</param>
    public PathwaySimulator(
        CohortOptions options, FacilityRoster facilities, DropoutModel model, DropFiles drop, TruthEpisodeWriter truth, TruthCourseWriter courses,
        TruthLandmarkWriter? landmarks = null)
    {
        _courses = courses;
        _landmarks = landmarks;
        _options = options;
        _facilities = facilities;
        _model = model;
        _drop = drop;
        _truth = truth;
        _activity = new EpisodeActivity(drop, _ids, options.EndDate, landmarks?.Observed);
        _afterCare = new AfterCare(drop, _ids, options.EndDate);
        _measures = new MeasurementWriter(drop, _ids, options.Seed, options.EndDate);
        _calendars = new ProgramCalendar[facilities.Count, LevelProfiles.All.Count];
        for (var f = 0; f < facilities.Count; f++)
        {
            foreach (var profile in LevelProfiles.All)
            {
                _calendars[f, (int)profile.Level] = new ProgramCalendar(profile.ProgramDays(f));
            }
        }

        _windowDays = options.EndDate.DayNumber - options.WindowStart.DayNumber + 1;
        RemainingEpisodes = options.EpisodeCount;
    }

    public long RemainingEpisodes { get; private set; }

    public long Patients => _ids.Patient;

    public void SimulatePatient(long index)
    {
        var random = SeededRandom.For(_options.Seed, RandomStream.Patient, index);
        var facility = _facilities.Sample(random);
        var entry = random.Chance(_model.PhpEntryShares[facility]) ? CareLevel.Php : CareLevel.Iop;
        var patient = Patient.Sample(random, entry);
        var calendar = _calendars[facility, (int)entry];
        var admission = calendar.OnOrAfter(_options.WindowStart.AddDays(random.Next(_windowDays)));
        if (admission > _options.EndDate)
        {
            admission = calendar.OnOrBefore(_options.EndDate);
        }

        var patientId = "P" + (++_ids.Patient).ToString("D7", CultureInfo.InvariantCulture);
        WritePatient(facility, patientId, patient, admission);

        var firstAdmission = admission;
        while (RunCourse(random, patient, patientId, facility, entry, admission, firstAdmission) is { } readmitted)
        {
            entry = random.Chance(AfterCareRates.ReadmissionToPhpShare) ? CareLevel.Php : CareLevel.Iop;
            admission = _calendars[facility, (int)entry].OnOrAfter(readmitted);
            if (admission > _options.EndDate || RemainingEpisodes == 0)
            {
                return;
            }
        }
    }

    /// <summary>One course of care from its entry level down the step-downs; returns a readmission here, if any.</summary>
    private DateOnly? RunCourse(SeededRandom random, Patient patient, string patientId, int facility, CareLevel entry, DateOnly admission, DateOnly firstAdmission)
    {
        var course = CourseCovariates.Sample(random, patient, entry);
        var level = entry;
        var steppedDown = false;
        var episodeId = NextEpisodeId();
        while (true)
        {
            var profile = LevelProfiles.For(level);
            var calendar = _calendars[facility, (int)level];
            var covariates = new DropoutCovariates(
                level, facility, patient.AgeAt(firstAdmission, admission), patient.CoOccurringDisorder,
                course.MedicationForAddictionTreatment, course.FamilyInvolvement,
                CourseCovariates.SamplePositiveIntake(random, level, steppedDown));
            var probability = _model.Probability(covariates);
            if (!steppedDown)
            {
                _courses.Write(_facilities.Ids[facility], episodeId, entry, admission,
                    CourseDropout.Probability(_model, CareLevel.Iop, covariates), CourseDropout.Probability(_model, CareLevel.Php, covariates));
            }

            var reason = random.Chance(probability) ? profile.UnplannedReasons.Sample(random) : profile.PlannedReasons.Sample(random);
            var shape = profile.StayByReason[reason];
            var plannedDays = profile.PlannedWeeks(facility) * 7;
            var stay = (int)Math.Round(Math.Min(profile.MaxStayDays, random.LogNormal(shape.MedianFractionOfPlan * plannedDays, shape.Sigma)));
            var discharge = calendar.OnOrBefore(admission.AddDays(stay));
            if (discharge < admission)
            {
                discharge = admission;
            }

            var recorded = discharge <= _options.EndDate;
            string? nextId = null;
            var nextLevel = level;
            var nextAdmission = discharge;
            if (reason == Reason.Transferred && profile.StepsDownTo is { } to && random.Chance(profile.StepDownShareOfTransfers) && RemainingEpisodes > 0)
            {
                nextLevel = to;
                nextAdmission = _calendars[facility, (int)to].After(discharge);
                if (nextAdmission > _options.EndDate)
                {
                    // The step-down has not begun by the end date, so the record still shows the patient in care.
                    recorded = false;
                }
                else if (recorded)
                {
                    nextId = NextEpisodeId();
                }
            }

            var episode = new EpisodeFacts
            {
                FacilityId = _facilities.Ids[facility],
                EpisodeId = episodeId,
                PatientId = patientId,
                Profile = profile,
                Calendar = calendar,
                Admission = admission,
                PlantedDischarge = discharge,
                PlantedReason = reason,
                Covariates = covariates,
                DropoutProbability = probability,
                Patient = patient,
                DischargeRecorded = recorded,
            };
            WriteEpisode(episode, nextId);
            _truth.Write(episode);
            _activity.Write(episode, random);
            _measures.Write(episode, courseEntry: !steppedDown);
            _landmarks?.Write(episode);

            if (nextId is not null)
            {
                level = nextLevel;
                admission = nextAdmission;
                steppedDown = true;
                episodeId = nextId;
                continue;
            }

            return recorded ? _afterCare.Write(episode, RemainingEpisodes > 0, random) : null;
        }
    }

    private string NextEpisodeId()
    {
        RemainingEpisodes--;
        return "E" + (++_ids.Episode).ToString("D7", CultureInfo.InvariantCulture);
    }

    private void WritePatient(int facility, string patientId, Patient patient, DateOnly firstAdmission)
    {
        var p = _drop.Patients;
        var file = p.File;
        file.Set(p.Facility, _facilities.Ids[facility]);
        file.Set(p.Patient, patientId);
        file.Set(p.BirthYear, firstAdmission.Year - patient.AgeAtFirstAdmission);
        file.Set(p.Sex, patient.Sex);
        file.Set(p.Race, patient.Race);
        file.Set(p.Ethnicity, patient.Ethnicity);
        file.Set(p.PrimarySubstance, patient.PrimarySubstance);
        file.Set(p.CoOccurring, patient.CoOccurringRecordedUnknown ? "unknown" : patient.CoOccurringDisorder ? "yes" : "no");
        file.Set(p.ReferralSource, patient.ReferralSource);
        file.Set(p.Payer, patient.Payer);
        file.EndRow();
    }

    private void WriteEpisode(EpisodeFacts episode, string? transferredTo)
    {
        var e = _drop.Episodes;
        var file = e.File;
        file.Set(e.Facility, episode.FacilityId);
        file.Set(e.Episode, episode.EpisodeId);
        file.Set(e.Patient, episode.PatientId);
        file.Set(e.Program, episode.Profile.ProgramId);
        file.Set(e.Admission, episode.Admission);
        if (episode.DischargeRecorded)
        {
            file.Set(e.Discharge, episode.PlantedDischarge);
            file.Set(e.Reason, episode.PlantedReason);
            file.Set(e.TransferredTo, transferredTo ?? "");
        }
        else
        {
            file.SetEmpty(e.Discharge);
            file.SetEmpty(e.Reason);
            file.SetEmpty(e.TransferredTo);
        }

        file.SetYesNo(e.Medication, episode.Covariates.MedicationForAddictionTreatment);
        file.Set(e.Counsellor, Counsellors.Of(episode.FacilityId, episode.EpisodeId));
        file.EndRow();
    }
}
