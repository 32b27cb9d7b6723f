namespace Outcomes.Analytics.DropoutRisk.Registry;

/// <summary>
/// Where a model stands in the registry. Models arrive as candidates; promoting one retires the one promoted before it,
/// so at most one model is promoted (it scores patients); a retired model stays in the registry for the record.
/// Stored as text in <c>dropout_model.status</c> (<see cref="ModelStatusText"/>).
/// </summary>
public enum ModelStatus
{
    Candidate,
    Promoted,
    Retired,
}
