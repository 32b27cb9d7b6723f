namespace Outcomes.Ingest.Contract.Instruments;

/// <summary>Which contract file an instrument's scores come in.</summary>
public enum InstrumentPurpose
{
    /// <summary>A standardised measure of the person's state, repeated over care (assessments.csv).</summary>
    Progress,

    /// <summary>A satisfaction or experience survey of the care received (surveys.csv).</summary>
    Satisfaction,
}
