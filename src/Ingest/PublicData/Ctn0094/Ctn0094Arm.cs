namespace Outcomes.Ingest.PublicData.Ctn0094;

/// <summary>
/// A trial arm as a program: the randomization.treatment value, the contract program id and name, the study medication
/// whose positive screens are expected in treatment (a uds.what class), and how many days one dose covers when it is a
/// long-acting injection (null for daily medication).
/// </summary>
internal sealed record Ctn0094Arm(string Treatment, string ProgramId, string Name, string? StudyDrugClass, int? InjectionCoverDays);
