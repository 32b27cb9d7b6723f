namespace Outcomes.Analytics.DropoutRisk.Training;

/// <summary>Snapshots left out of a model's training and test rows for one reason (<see cref="ParticipantFlow"/>).</summary>
public sealed record FlowExclusion(string Reason, int Snapshots);
