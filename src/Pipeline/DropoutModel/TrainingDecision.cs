namespace Outcomes.Pipeline.DropoutModel;

/// <summary>What <see cref="TrainAndPromote"/> did.</summary>
public enum TrainingDecision
{
    /// <summary>No episode is loaded: nothing to train on.</summary>
    NothingLoaded,

    /// <summary>A model was already trained on this data (<see cref="TrainingRequest.OncePerDataThrough"/>).</summary>
    AlreadyTrained,

    /// <summary>Too few episodes have ended since the promoted model's data (<see cref="TrainingRequest.MinimumNewDischarges"/>).</summary>
    Waiting,

    /// <summary>A candidate was trained and stored, and the promotion rule applied.</summary>
    Trained,
}
