namespace Outcomes.Synthetic.Randomness;

/// <summary>The independent random streams of a cohort; each is derived from the seed and its own number.</summary>
internal enum RandomStream
{
    Patient = 1,
    Facility = 2,
    Dirt = 3,

    /// <summary>Used only to calibrate the dropout model's intercepts; fixed, so calibration never depends on the seed.</summary>
    Calibration = 4,

    /// <summary>
    /// Instrument scores, referrals and surveys (data contract v2), one generator per episode: drawn apart from the
    /// patients' stream, so adding these files moved no row of the others.
    /// </summary>
    Measurement = 5,
}
