using Outcomes.Synthetic.Clinical;
using Outcomes.Synthetic.Output;
using Outcomes.Synthetic.Randomness;
using static Outcomes.Synthetic.Clinical.ContractCodes;

namespace Outcomes.Synthetic.Care;

/// <summary>
/// After the last episode of a course of care ends: whether and when the patient relapses, whether that ends in
/// a readmission (here, as a new episode, or elsewhere, as a relapse event), and the program's follow-up calls
/// at 30, 90 and 180 days.
/// </summary>
internal sealed class AfterCare(DropFiles drop, IdCounters ids, DateOnly endDate)
{
    /// <summary>Writes the after-care rows; returns the day of a readmission to this facility, if there is one.</summary>
    /// <param name="canReadmitHere">whether the cohort still has room for another episode</param>
    public DateOnly? Write(EpisodeFacts episode, bool canReadmitHere, SeededRandom random)
    {
        if (episode.PlantedReason == Reason.Died)
        {
            return null;
        }

        var relapseChance = episode.PlantedReason == Reason.Completed ? AfterCareRates.RelapseWithinYearAfterCompletion
            : episode.Unplanned ? AfterCareRates.RelapseWithinYearAfterUnplanned
            : AfterCareRates.RelapseWithinYearOtherwise;
        int? relapseDay = random.Chance(relapseChance)
            ? 1 + (int)(364 * Math.Pow(random.NextDouble(), AfterCareRates.RelapseTimingPower))
            : null;

        DateOnly? readmittedHere = null;
        if (relapseDay is { } days)
        {
            var date = episode.PlantedDischarge.AddDays(days);
            if (random.Chance(AfterCareRates.ReadmissionShareOfRelapses))
            {
                var here = random.Chance(AfterCareRates.ReadmittedHereShare);
                if (date <= endDate)
                {
                    if (here && canReadmitHere)
                    {
                        readmittedHere = date;
                    }
                    else
                    {
                        RelapseEventWriter.Write(drop, ids, episode.FacilityId, episode.EpisodeId, date, Relapse.Readmission);
                    }
                }
            }
            else
            {
                var overdose = IsOpioid(episode.Patient.PrimarySubstance) ? AfterCareRates.OverdoseShareOpioid : AfterCareRates.OverdoseShareOther;
                var u = random.NextDouble();
                var kind = u < overdose ? Relapse.Overdose : u < overdose + AfterCareRates.OtherKindShare ? Relapse.Other : Relapse.SelfReport;
                if (date <= endDate)
                {
                    RelapseEventWriter.Write(drop, ids, episode.FacilityId, episode.EpisodeId, date, kind);
                }
            }
        }

        WriteFollowUps(episode, relapseDay, readmittedHere, random);
        return readmittedHere;
    }

    private void WriteFollowUps(EpisodeFacts episode, int? relapseDay, DateOnly? readmittedHere, SeededRandom random)
    {
        var reachShift = episode.PlantedReason == Reason.Completed ? AfterCareRates.ReachAfterCompletion
            : episode.Unplanned ? AfterCareRates.ReachAfterUnplanned
            : 0;
        for (var i = 0; i < AfterCareRates.FollowUpDays.Count; i++)
        {
            var days = AfterCareRates.FollowUpDays[i];
            var date = episode.PlantedDischarge.AddDays(days);
            if (date > endDate || (readmittedHere is { } back && date >= back))
            {
                return;
            }

            var reached = random.Chance(AfterCareRates.FollowUpReach[i] + reachShift);
            var abstinent = !reached ? ""
                : random.Chance(AfterCareRates.AbstinenceUnanswered) ? Abstinent.Unknown
                : relapseDay is { } relapse && relapse <= days ? Abstinent.No
                : Abstinent.Yes;

            var f = drop.FollowUps;
            f.File.Set(f.Facility, episode.FacilityId);
            f.File.Set(f.Episode, episode.EpisodeId);
            f.File.Set(f.Days, days);
            f.File.SetYesNo(f.Reached, reached);
            f.File.Set(f.Abstinent, abstinent);
            f.File.EndRow();
        }
    }
}
