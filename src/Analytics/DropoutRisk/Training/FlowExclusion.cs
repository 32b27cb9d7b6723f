namespace Outcomes.Analytics.DropoutRisk.Training;

/// <summary>Snapshots left out of a model's slices for one reason (<see cref="ParticipantFlow.MissingBySource"/>).</summary>
public sealed record FlowExclusion(string Reason, int Snapshots);
