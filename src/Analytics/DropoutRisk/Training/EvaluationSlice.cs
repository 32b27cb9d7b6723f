namespace Outcomes.Analytics.DropoutRisk.Training;

/// <summary>Where a labelled snapshot falls in a model's split by time and patient (<see cref="EvaluationSlices"/>).</summary>
public enum EvaluationSlice
{
    /// <summary>Admitted before the training cut-off: the model is fitted on it.</summary>
    Training,

    /// <summary>
    /// Admitted on or after the cut-off, but the patient was first admitted before it (and may be among the training
    /// rows): in no slice, so that no patient is both fitted on and judged on.
    /// </summary>
    SeenBeforeCutoff,

    /// <summary>A patient new after the cut-off whose rows a recalibration (intercept and slope) may be fitted on.</summary>
    Recalibration,

    /// <summary>A patient new after the cut-off on whose rows a candidate is compared with the promoted model.</summary>
    Promotion,

    /// <summary>A patient new after the cut-off on whose rows the model card's metrics and the guards are measured.</summary>
    Test,
}
