using Outcomes.Analytics.DropoutRisk.Features;

namespace Outcomes.Analytics.DropoutRisk.Training;

/// <summary>
/// The split by time and patient that keeps every fit away from the rows it is judged on: snapshots of admissions
/// before the training cut-off train; after it, the patients first admitted on or after the cut-off fall by a fixed
/// hash of their key into three disjoint sets — a recalibration slice (<see cref="RecalibrationShare"/>), a promotion
/// slice (<see cref="PromotionShare"/>) and the test slice (the rest) — and the later snapshots of patients first
/// admitted before the cut-off are left out. No patient is in two slices, and a patient stays in the same slice for
/// every model and every later data-through date: a recalibration fitted on the recalibration slice and a comparison
/// on the promotion slice after the later of two cut-offs never see a row either model was fitted on, nor each other's.
/// </summary>
public static class EvaluationSlices
{
    /// <summary>Share of the patients new after the cut-off whose rows recalibrate.</summary>
    public const double RecalibrationShare = 0.25;

    /// <summary>Share of the patients new after the cut-off whose rows decide promotion.</summary>
    public const double PromotionShare = 0.25;

    /// <summary>The layout in words, as the model record and card name it.</summary>
    public const string Rule =
        "by time and patient: admissions before the cut-off train; patients first admitted on or after it are split by a fixed hash of their key into a recalibration slice (a quarter), a promotion slice (a quarter) and the test slice (half); later admissions of patients first admitted before the cut-off are left out";

    /// <summary>The slice of a labelled snapshot for a model trained on admissions before <paramref name="cutoff"/>.</summary>
    public static EvaluationSlice Of(SnapshotFeatures snapshot, DateOnly cutoff) =>
        snapshot.AdmittedOn < cutoff ? EvaluationSlice.Training
        : snapshot.PatientFirstAdmittedOn < cutoff ? EvaluationSlice.SeenBeforeCutoff
        : OfNewPatient(snapshot.PatientKey);

    /// <summary>The slice of a patient first admitted on or after the cut-off: the same for every model.</summary>
    public static EvaluationSlice OfNewPatient(long patientKey)
    {
        var u = Uniform(patientKey);
        return u < RecalibrationShare ? EvaluationSlice.Recalibration
            : u < RecalibrationShare + PromotionShare ? EvaluationSlice.Promotion
            : EvaluationSlice.Test;
    }

    /// <summary>
    /// A number in [0, 1) fixed by the patient's key (SplitMix64's finaliser, Steele, Lea and Flood 2014): patient keys
    /// are handed out in load order, which a plain remainder would follow facility by facility.
    /// </summary>
    private static double Uniform(long key)
    {
        var z = unchecked((ulong)key + 0x9E3779B97F4A7C15UL);
        z = unchecked((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL);
        z = unchecked((z ^ (z >> 27)) * 0x94D049BB133111EBUL);
        z ^= z >> 31;
        return (z >> 11) * (1.0 / (1UL << 53));
    }
}
