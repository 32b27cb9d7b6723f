namespace Outcomes.Analytics.DropoutRisk.Evaluation;

/// <summary>
/// The test snapshots split at one risk threshold (flagged: risk at or above it): the four counts of the 2×2 table and
/// the flagged snapshots a week of the test period. Rates are read from the counts (<see cref="Sensitivity"/> …), NaN
/// where their denominator is zero.
/// </summary>
public sealed record ThresholdRow(double Threshold, int TruePositives, int FalsePositives, int FalseNegatives, int TrueNegatives, double FlagsPerWeek)
{
    public int Flagged => TruePositives + FalsePositives;

    public int NotFlagged => FalseNegatives + TrueNegatives;

    public int Events => TruePositives + FalseNegatives;

    public int NonEvents => FalsePositives + TrueNegatives;

    /// <summary>Share of the unplanned discharges that were flagged.</summary>
    public double Sensitivity => Rate(TruePositives, Events);

    /// <summary>Share of the snapshots without an unplanned discharge that were not flagged.</summary>
    public double Specificity => Rate(TrueNegatives, NonEvents);

    /// <summary>Share of the flagged snapshots followed by an unplanned discharge (positive predictive value).</summary>
    public double Precision => Rate(TruePositives, Flagged);

    /// <summary>Share of the snapshots not flagged that were not followed by an unplanned discharge.</summary>
    public double NegativePredictiveValue => Rate(TrueNegatives, NotFlagged);

    private static double Rate(int numerator, int denominator) => denominator == 0 ? double.NaN : (double)numerator / denominator;
}
