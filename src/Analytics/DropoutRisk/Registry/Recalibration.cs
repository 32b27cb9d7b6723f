namespace Outcomes.Analytics.DropoutRisk.Registry;

/// <summary>
/// Logistic recalibration of a model's risks: logit(p') = <see cref="Intercept"/> + <see cref="Slope"/> · logit(p),
/// fitted on <see cref="Rows"/> snapshots of the recalibration slice — patients first admitted on or after
/// <see cref="AdmittedFrom"/>, the model's training cut-off (<see cref="Training.EvaluationSlices"/>) — whose outcome
/// was known by <see cref="DataThrough"/> under the <see cref="Features.CensoringRule"/>. It changes what a risk means, never the order of patients.
/// </summary>
public sealed record Recalibration(double Intercept, double Slope, int Rows, DateOnly AdmittedFrom, DateOnly DataThrough, long FromModel)
{
    private const double Clamp = 1e-6;

    public double Apply(double probability)
    {
        var p = Math.Clamp(probability, Clamp, 1 - Clamp);
        return 1 / (1 + Math.Exp(-(Intercept + Slope * Math.Log(p / (1 - p)))));
    }
}
