using Microsoft.ML.Data;
using Outcomes.Analytics.DropoutRisk.Features;

namespace Outcomes.Analytics.DropoutRisk.Training;

/// <summary>One snapshot as ML.NET reads it: numeric features, two categorical ones, and the label.</summary>
public sealed class ModelInput
{
    /// <summary>The numeric feature names, in the order of <see cref="Numeric"/>.</summary>
    public static readonly string[] NumericNames =
    [
        "days since admission", "PHP", "stepped down", "attendance last 7 days", "attendance last 14 days",
        "consecutive missed sessions", "hours against ASAM minimum", "family contacts", "positive screens",
        "refused screens", "medication for addiction treatment", "co-occurring disorder", "prior episodes", "age at admission",
    ];

    /// <summary>
    /// The features a model's scores are explained by: the numeric ones, then the two categorical ones (each
    /// category's one-hot slots counted together).
    /// </summary>
    public static readonly string[] FeatureNames = [.. NumericNames, "facility", "referral source"];

    [VectorType(14)]
    public float[] Numeric { get; set; } = [];

    public string Facility { get; set; } = "";

    public string Referral { get; set; } = "";

    public bool Label { get; set; }

    public static ModelInput From(SnapshotFeatures f) => new()
    {
        Numeric =
        [
            f.DaysSinceAdmission, f.Php ? 1 : 0, f.SteppedDown ? 1 : 0,
            // No expected session in the window: treat as full attendance rather than guess a gap.
            (float)(f.AttendanceLast7Days ?? 1), (float)(f.AttendanceLast14Days ?? 1),
            // A source whose facility data do not reach the day is missing (NaN), never zero; such snapshots are
            // neither trained on nor scored (SourceCoverage).
            f.ConsecutiveMissed, (float)f.HoursAgainstAsamMinimum, f.FamilyContacts ?? float.NaN, f.PositiveScreens ?? float.NaN, f.RefusedScreens ?? float.NaN,
            f.MedicationForAddictionTreatment ? 1 : 0, f.CoOccurringDisorder ? 1 : 0, f.PriorEpisodes, f.AgeAtAdmission,
        ],
        Facility = f.FacilityId,
        Referral = f.ReferralSource,
        Label = f.DroppedOutWithinHorizon ?? false,
    };
}
