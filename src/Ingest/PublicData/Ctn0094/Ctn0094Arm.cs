namespace Outcomes.Ingest.PublicData.Ctn0094;

/// <summary>A trial arm as a program: its contract program id and name, and the study medication it gives.</summary>
internal sealed record Ctn0094Arm(string Treatment, string ProgramId, string Name, string? StudyDrugClass, bool MonthlyInjection)
{
    /// <summary>The arms of trials 27 and 51 (randomization.treatment). Any other value is reported, never guessed.</summary>
    public static readonly IReadOnlyList<Ctn0094Arm> Known =
    [
        new("Methadone", "METHADONE", "Methadone (CTN-0027)", "Methadone", false),
        new("Outpatient BUP", "BUP-NX", "Buprenorphine-naloxone (CTN-0027)", "Buprenorphine", false),
        new("Inpatient BUP", "BUP-NX-DETOX", "Buprenorphine-naloxone after inpatient detox (CTN-0051)", "Buprenorphine", false),
        new("Inpatient NR-NTX", "XR-NTX", "Extended-release naltrexone after inpatient detox (CTN-0051)", null, true),
    ];

    public static Ctn0094Arm? Find(string treatment) => Known.FirstOrDefault(a => string.Equals(a.Treatment, treatment, StringComparison.OrdinalIgnoreCase));
}
