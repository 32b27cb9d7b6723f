using System.Globalization;
using System.Text;
using Outcomes.Synthetic.Care;
using Outcomes.Synthetic.Output;

namespace Outcomes.Synthetic.Truth;

/// <summary>
/// truth/episodes.csv: for every generated episode, the covariates the dropout model saw, the true chance of an
/// unplanned discharge, and the planted ending (which may lie after the end date, where the drop shows the
/// episode still in care). Never ingested: it is what an analysis should recover.
/// </summary>
internal sealed class TruthEpisodeWriter : IDisposable
{
    public const string FileName = "episodes.csv";

    public static readonly IReadOnlyList<string> Columns =
    [
        "facility_id", "episode_id", "patient_id", "level_of_care", "admission_date", "age_at_admission",
        "co_occurring_disorder", "medication_for_addiction_treatment", "family_involvement", "positive_intake_screen",
        "true_dropout_probability", "planted_unplanned_discharge", "planted_discharge_reason", "planted_discharge_date",
        "recorded_discharge_reason",
    ];

    private readonly StreamWriter _writer;

    public TruthEpisodeWriter(string folder)
    {
        _writer = new StreamWriter(Path.Combine(folder, FileName), false, new UTF8Encoding(false), 1 << 20) { NewLine = "\n" };
        _writer.Write(string.Join(',', Columns));
        _writer.Write('\n');
    }

    public void Write(EpisodeFacts episode)
    {
        var x = episode.Covariates;
        _writer.Write(string.Create(CultureInfo.InvariantCulture,
            $"{episode.FacilityId},{episode.EpisodeId},{episode.PatientId},{episode.Profile.LevelOfCare},{Dates.Text(episode.Admission)},{x.Age},"
            + $"{YesNo(x.CoOccurringDisorder)},{YesNo(x.MedicationForAddictionTreatment)},{YesNo(x.FamilyInvolvement)},{YesNo(x.PositiveIntakeScreen)},"
            + $"{episode.DropoutProbability:0.000000},{YesNo(episode.Unplanned)},{episode.PlantedReason},{Dates.Text(episode.PlantedDischarge)},"
            + $"{(episode.DischargeRecorded ? episode.PlantedReason : "")}\n"));
    }

    public void Dispose() => _writer.Dispose();

    private static string YesNo(bool value) => value ? "yes" : "no";
}
