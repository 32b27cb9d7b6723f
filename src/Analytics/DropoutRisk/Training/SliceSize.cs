namespace Outcomes.Analytics.DropoutRisk.Training;

/// <summary>Snapshots, distinct patients and unplanned discharges within the horizon (null where unknown) of one step of the participant flow.</summary>
public sealed record SliceSize(int Rows, int Patients, int? Events);
