namespace Outcomes.Synthetic.Randomness;

/// <summary>The independent random streams of a cohort; each is derived from the seed and its own number.</summary>
internal enum RandomStream
{
    Patient = 1,
    Facility = 2,
    Dirt = 3,

    /// <summary>Used only to calibrate the dropout model's intercepts; fixed, so calibration never depends on the seed.</summary>
    Calibration = 4,
}
