namespace Outcomes.Synthetic.Truth;

/// <summary>
/// The true risk at one landmark of an episode still in care (<see cref="LandmarkOracle"/>).
/// </summary>
/// <param name="Day">days after admission</param>
/// <param name="SnapshotDate">the landmark's date</param>
/// <param name="DropoutWithinHorizon">the chance of an unplanned discharge within the horizon after the landmark</param>
/// <param name="DropoutByEndDate">
/// when the horizon runs past the end date: the chance of an unplanned discharge by the end date; null otherwise
/// </param>
/// <param name="DischargeRecordedByEndDate">
/// when the horizon runs past the end date: the chance that a discharge of any kind is on record by the end date (a
/// window cut by the data's last day has a known outcome only then); null otherwise
/// </param>
internal sealed record LandmarkRisk(int Day, DateOnly SnapshotDate, double DropoutWithinHorizon, double? DropoutByEndDate, double? DischargeRecordedByEndDate);
