using System.Globalization;
using System.Text;
using Outcomes.Ingest.Contract.Instruments;
using Outcomes.Synthetic.Clinical;
using Outcomes.Synthetic.Output;
using Outcomes.Synthetic.Randomness;
using static Outcomes.Synthetic.Clinical.ContractCodes;

namespace Outcomes.Synthetic.Care;

/// <summary>
/// The data-contract-v2 rows of each episode: the referral that began its course (and now and then a referral of someone
/// never admitted), its PHQ-9, GAD-7, BAM and PCL-5 scores from intake to discharge under the planted trajectories, and
/// the satisfaction survey at discharge (<see cref="MeasurementRates"/>). Each episode draws from a generator of its own
/// in the measurement stream, so none of these rows moves a row of the version-1 files.
/// </summary>
internal sealed class MeasurementWriter(DropFiles drop, IdCounters ids, int seed, DateOnly endDate)
{
    public const string TruthFileName = "measurement.csv";

    private CourseState _state = new(0, 0, null, 0, 0, 0);

    /// <param name="courseEntry">whether the episode begins a course of care (its referral is written, its intake sampled)</param>
    public void Write(EpisodeFacts episode, bool courseEntry)
    {
        var random = SeededRandom.For(seed, RandomStream.Measurement, long.Parse(episode.EpisodeId.AsSpan(1), CultureInfo.InvariantCulture));
        var intakeOn = episode.Admission;
        if (courseEntry)
        {
            _state = new CourseState(
                Clip(MeasurementRates.Phq9IntakeMean + MeasurementRates.Phq9IntakeSd * random.Normal(), 0, 27),
                Clip(MeasurementRates.Gad7IntakeMean + MeasurementRates.Gad7IntakeSd * random.Normal(), 0, 21),
                episode.Patient.CoOccurringDisorder && random.Chance(MeasurementRates.Pcl5Share)
                    ? Clip(MeasurementRates.Pcl5IntakeMean + MeasurementRates.Pcl5IntakeSd * random.Normal(), 0, 80) : null,
                Clip(MeasurementRates.BamUseIntake + 2.5 * random.Normal(), 0, 12),
                Clip(MeasurementRates.BamRiskIntake + 4 * random.Normal(), 0, 24),
                Clip(MeasurementRates.BamProtectiveIntake + 4 * random.Normal(), 0, 24));
            intakeOn = WriteReferrals(episode, random);
        }

        var level = episode.Profile.Level;
        var rate = MeasurementRates.WeeklyImprovement(level) * (episode.Unplanned ? MeasurementRates.UnplannedImprovementFactor : 1);
        var start = _state;
        CourseState At(DateOnly date)
        {
            var remaining = Math.Pow(1 - rate, Math.Max(0, date.DayNumber - episode.Admission.DayNumber) / 7.0);
            double Toward(double from, double floor) => floor + ((from - floor) * remaining);
            return new CourseState(
                Toward(start.Phq9, MeasurementRates.Phq9Floor), Toward(start.Gad7, MeasurementRates.Gad7Floor),
                start.Pcl5 is { } pcl ? Toward(pcl, MeasurementRates.Pcl5Floor) : null,
                Toward(start.BamUse, MeasurementRates.BamUseFloor), Toward(start.BamRisk, MeasurementRates.BamRiskFloor),
                Toward(start.BamProtective, MeasurementRates.BamProtectiveCeiling));
        }

        var lastDay = episode.DischargeRecorded ? episode.PlantedDischarge : endDate;
        WriteOccasion(episode, intakeOn, At(intakeOn), bam: true, random);
        for (var day = MeasurementRates.SymptomEveryDays; episode.Admission.AddDays(day) < lastDay; day += MeasurementRates.SymptomEveryDays)
        {
            if (random.Chance(MeasurementRates.MeasureTaken))
            {
                var date = episode.Admission.AddDays(day);
                WriteOccasion(episode, date, At(date), bam: day % MeasurementRates.BamEveryDays == 0, random);
            }
        }

        if (episode.DischargeRecorded && episode.PlantedDischarge > intakeOn
            && random.Chance(episode.Unplanned ? MeasurementRates.DischargeMeasureUnplanned : MeasurementRates.DischargeMeasurePlanned))
        {
            WriteOccasion(episode, episode.PlantedDischarge, At(episode.PlantedDischarge), bam: true, random);
        }

        // A step-down continues from where the patient stood at discharge.
        _state = At(episode.DischargeRecorded ? episode.PlantedDischarge : endDate);
        WriteSurvey(episode, random);
    }

    /// <summary>The planted settings, for checking the figures against (truth/measurement.csv).</summary>
    public static void WriteTruth(string truthFolder)
    {
        var text = new StringBuilder(CsvLine.Join("setting", "value"));
        void Add(string setting, double value) => text.Append(CsvLine.Join(setting, value.ToString("0.######", CultureInfo.InvariantCulture)));
        foreach (var level in new[] { CareLevel.Php, CareLevel.Iop, CareLevel.Op })
        {
            Add("weekly_improvement:" + LevelProfiles.For(level).LevelOfCare, MeasurementRates.WeeklyImprovement(level));
            Add("admission_median_days_after_assessment:" + LevelProfiles.For(level).LevelOfCare, MeasurementRates.AdmissionMedianDays(level));
        }

        Add("unplanned_improvement_factor", MeasurementRates.UnplannedImprovementFactor);
        Add("phq_9_intake_mean", MeasurementRates.Phq9IntakeMean);
        Add("gad_7_intake_mean", MeasurementRates.Gad7IntakeMean);
        Add("first_contact_median_days", MeasurementRates.FirstContactMedianDays);
        Add("assessment_median_days_after_first_contact", MeasurementRates.AssessmentMedianDays);
        Add("unadmitted_referrals_per_course", MeasurementRates.UnadmittedPerCourse);
        Add("csq_8_mean_completed", MeasurementRates.Csq8Completed);
        Add("csq_8_mean_unplanned", MeasurementRates.Csq8Unplanned);
        Add("csq_8_php_shift", MeasurementRates.Csq8PhpShift);
        File.WriteAllText(Path.Combine(truthFolder, TruthFileName), text.ToString(), new UTF8Encoding(false));
    }

    /// <summary>Writes the course's referral and, now and then, one of someone never admitted; returns the intake assessment's day.</summary>
    private DateOnly WriteReferrals(EpisodeFacts episode, SeededRandom random)
    {
        int Wait(double median, double sigma) => Math.Min(MeasurementRates.MaxStepDays, (int)Math.Round(random.LogNormal(median, sigma)));
        var assessed = episode.Admission.AddDays(-Wait(MeasurementRates.AdmissionMedianDays(episode.Profile.Level), MeasurementRates.AdmissionSigma));
        var contacted = assessed.AddDays(-Wait(MeasurementRates.AssessmentMedianDays, MeasurementRates.AssessmentSigma));
        var referred = contacted.AddDays(-Wait(MeasurementRates.FirstContactMedianDays, MeasurementRates.FirstContactSigma));
        WriteReferral(episode.FacilityId, episode.PatientId, episode.Profile.ProgramId, referred, contacted, assessed, episode.Admission, episode.EpisodeId, episode.Patient.ReferralSource);

        if (random.Chance(MeasurementRates.UnadmittedPerCourse))
        {
            // Someone referred to the same program about the same time who never began care.
            var on = episode.Admission.AddDays(-random.Next(60));
            DateOnly? contact = random.Chance(MeasurementRates.UnadmittedNeverContacted) ? null
                : on.AddDays(Math.Min(30, (int)Math.Round(random.LogNormal(MeasurementRates.UnadmittedFirstContactMedianDays, MeasurementRates.FirstContactSigma))));
            DateOnly? assessment = contact is not { } c || random.Chance(MeasurementRates.UnadmittedNotAssessed) ? null
                : c.AddDays(Wait(MeasurementRates.AssessmentMedianDays, MeasurementRates.AssessmentSigma));
            var source = AdmissionRates.ReferralSource.Sample(random);
            WriteReferral(episode.FacilityId, "N" + (++ids.Unadmitted).ToString("D7", CultureInfo.InvariantCulture), episode.Profile.ProgramId,
                on, contact <= endDate ? contact : null, contact <= endDate && assessment <= endDate ? assessment : null, null, null, source);
        }

        return assessed;
    }

    private void WriteReferral(
        string facility, string person, string program, DateOnly referred, DateOnly? contacted, DateOnly? assessed, DateOnly? admitted, string? episode, string source)
    {
        var r = drop.Referrals;
        r.File.Set(r.Facility, facility);
        r.File.SetId(r.Referral, 'R', ++ids.Referral, 7);
        r.File.Set(r.Patient, person);
        r.File.Set(r.Program, program);
        r.File.Set(r.Referred, referred);
        SetDate(r.File, r.FirstContact, contacted);
        SetDate(r.File, r.Assessed, assessed);
        SetDate(r.File, r.Admitted, admitted);
        r.File.Set(r.Episode, episode ?? "");
        r.File.Set(r.Source, source);
        r.File.EndRow();
    }

    private void WriteOccasion(EpisodeFacts episode, DateOnly date, CourseState truth, bool bam, SeededRandom random)
    {
        if (date > endDate)
        {
            return;
        }

        var phq9 = Observe(truth.Phq9, MeasurementRates.Phq9IntakeSd, 27, random);
        WriteAssessment(episode, date, InstrumentCatalogue.Phq9.Code, phq9, Spread(phq9, 9, 3, random), null);
        WriteAssessment(episode, date, InstrumentCatalogue.Gad7.Code, Observe(truth.Gad7, MeasurementRates.Gad7IntakeSd, 21, random), null, null);
        if (truth.Pcl5 is { } pcl)
        {
            WriteAssessment(episode, date, InstrumentCatalogue.Pcl5.Code, Observe(pcl, MeasurementRates.Pcl5IntakeSd, 80, random), null, null);
        }

        if (bam)
        {
            var use = Observe(truth.BamUse, 2.5, 12, random);
            var risk = Observe(truth.BamRisk, 4, 24, random);
            var protective = Observe(truth.BamProtective, 4, 24, random);
            WriteAssessment(episode, date, InstrumentCatalogue.Bam.Code, null, null,
                string.Create(CultureInfo.InvariantCulture, $"use={use};risk={risk};protective={protective}"));
        }
    }

    private void WriteAssessment(EpisodeFacts episode, DateOnly date, string instrument, int? total, string? items, string? subscales)
    {
        var a = drop.Assessments;
        a.File.Set(a.Facility, episode.FacilityId);
        a.File.SetId(a.Assessment, 'A', ++ids.Assessment, 8);
        a.File.Set(a.Patient, episode.PatientId);
        a.File.Set(a.Episode, episode.EpisodeId);
        a.File.Set(a.Instrument, instrument);
        a.File.Set(a.Date, date);
        if (total is { } score)
        {
            a.File.Set(a.Total, score);
        }
        else
        {
            a.File.SetEmpty(a.Total);
        }

        a.File.Set(a.Items, items ?? "");
        a.File.Set(a.Subscales, subscales ?? "");
        a.File.EndRow();
    }

    private void WriteSurvey(EpisodeFacts episode, SeededRandom random)
    {
        if (!episode.DischargeRecorded || episode.PlantedReason == Reason.Transferred || episode.PlantedReason == Reason.Died
            || !random.Chance(episode.Unplanned ? MeasurementRates.SurveyUnplanned : MeasurementRates.SurveyPlanned))
        {
            return;
        }

        var date = episode.PlantedDischarge.AddDays(random.Next(4));
        if (date > endDate)
        {
            return;
        }

        var mean = (episode.Unplanned ? MeasurementRates.Csq8Unplanned : MeasurementRates.Csq8Completed)
                   + (episode.Profile.Level == CareLevel.Php ? MeasurementRates.Csq8PhpShift : 0);
        var score = (int)Math.Round(Clip(mean + MeasurementRates.Csq8Sd * random.Normal(), 8, 32));
        var s = drop.Surveys;
        s.File.Set(s.Facility, episode.FacilityId);
        s.File.SetId(s.Survey, 'V', ++ids.Survey, 7);
        s.File.Set(s.Episode, episode.EpisodeId);
        s.File.Set(s.Instrument, InstrumentCatalogue.Csq8.Code);
        s.File.Set(s.Date, date);
        s.File.Set(s.Score, score);
        if (random.Chance(MeasurementRates.NetPromoterAnswered))
        {
            // The recommendation follows satisfaction, with a point or two of its own.
            s.File.Set(s.NetPromoter, (int)Math.Round(Clip(((score - 8) / 24.0 * 10) + 1.2 * random.Normal(), 0, 10)));
        }
        else
        {
            s.File.SetEmpty(s.NetPromoter);
        }

        s.File.EndRow();
    }

    private static int Observe(double truth, double sd, int max, SeededRandom random) =>
        (int)Math.Round(Clip(truth + MeasurementRates.ErrorShareOfSd * sd * random.Normal(), 0, max));

    /// <summary>Item scores adding up to the total: each point goes to an item with room left.</summary>
    private static string Spread(int total, int count, int itemMax, SeededRandom random)
    {
        var items = new int[count];
        for (var point = 0; point < total; point++)
        {
            var i = random.Next(count);
            while (items[i] == itemMax)
            {
                i = (i + 1) % count;
            }

            items[i]++;
        }

        return string.Join(';', items);
    }

    private static void SetDate(ContractFileWriter file, int column, DateOnly? date)
    {
        if (date is { } day)
        {
            file.Set(column, day);
        }
        else
        {
            file.SetEmpty(column);
        }
    }

    private static double Clip(double value, double min, double max) => Math.Clamp(value, min, max);

    /// <summary>Where a course's patient stands on each planted measure.</summary>
    private sealed record CourseState(double Phq9, double Gad7, double? Pcl5, double BamUse, double BamRisk, double BamProtective);
}
