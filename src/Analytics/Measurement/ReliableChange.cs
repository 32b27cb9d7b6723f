namespace Outcomes.Analytics.Measurement;

/// <summary>
/// The Jacobson–Truax reliable change index (Jacobson NS &amp; Truax P 1991, J Consult Clin Psychol 59:12-19, with the
/// standard error of the difference of Christensen &amp; Mendoza 1986, Behav Ther 17:305):
/// <code>SE = s₁ · √(1 − r_xx);  S_diff = √(2 · SE²);  RCI = (x₂ − x₁) / S_diff</code>
/// s₁ the standard deviation of intake scores (of the instrument's published clinical sample, or the program's own
/// intake scores), r_xx the instrument's published test–retest reliability. |RCI| &gt; 1.96 is change that measurement
/// error alone would give less than 5% of the time.
/// </summary>
public static class ReliableChange
{
    /// <summary>The two-sided 95% normal quantile Jacobson and Truax use (1.96).</summary>
    public const double Threshold = 1.96;

    /// <summary>The standard error of measurement, s₁ · √(1 − r_xx).</summary>
    public static double StandardErrorOfMeasurement(double intakeStandardDeviation, double reliability)
    {
        if (intakeStandardDeviation <= 0 || reliability is <= 0 or >= 1)
        {
            throw new ArgumentOutOfRangeException(nameof(reliability), "the standard deviation must be positive and the reliability between 0 and 1.");
        }

        return intakeStandardDeviation * Math.Sqrt(1 - reliability);
    }

    /// <summary>The standard error of the difference of two scores, √(2 · SE²).</summary>
    public static double StandardErrorOfDifference(double intakeStandardDeviation, double reliability)
    {
        var se = StandardErrorOfMeasurement(intakeStandardDeviation, reliability);
        return Math.Sqrt(2 * se * se);
    }

    /// <summary>(x₂ − x₁) / S_diff: positive when the score rose, whatever the instrument's direction.</summary>
    public static double Index(double intake, double latest, double intakeStandardDeviation, double reliability) =>
        (latest - intake) / StandardErrorOfDifference(intakeStandardDeviation, reliability);

    /// <summary>The smallest change in raw points that is reliable: 1.96 · S_diff (a change must exceed it).</summary>
    public static double MinimumReliableChange(double intakeStandardDeviation, double reliability) =>
        Threshold * StandardErrorOfDifference(intakeStandardDeviation, reliability);
}
