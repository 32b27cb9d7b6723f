namespace Outcomes.Analytics.DropoutRisk.Training;

/// <summary>
/// One set of rows a model's development used (<see cref="ParticipantFlow"/>): training, test, or another slice (a
/// recalibration or promotion slice), with its snapshots, patients and unplanned discharges within the horizon.
/// </summary>
public sealed record FlowSplit(string Name, int Snapshots, int Patients, int Events);
