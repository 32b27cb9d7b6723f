using MathNet.Numerics.LinearAlgebra;

namespace Outcomes.Analytics.Adjustment;

/// <summary>
/// Maximum-likelihood logistic regression by Newton–Raphson (iteratively reweighted least squares), with an
/// intercept. Used for propensity scores: the probability of being in one level of care given admission
/// characteristics.
/// </summary>
public sealed class LogisticRegression
{
    private LogisticRegression(double[] coefficients, int iterations, bool converged)
    {
        Coefficients = coefficients;
        Iterations = iterations;
        Converged = converged;
    }

    /// <summary>Intercept first, then one coefficient (log-odds) per covariate.</summary>
    public IReadOnlyList<double> Coefficients { get; }

    public int Iterations { get; }

    public bool Converged { get; }

    public static LogisticRegression Fit(IReadOnlyList<double[]> covariates, IReadOnlyList<bool> outcomes, int maxIterations = 50)
    {
        var n = covariates.Count;
        var k = n == 0 ? 1 : covariates[0].Length + 1;
        var x = Matrix<double>.Build.Dense(n, k, (i, j) => j == 0 ? 1 : covariates[i][j - 1]);
        var y = Vector<double>.Build.Dense(n, i => outcomes[i] ? 1 : 0);
        var beta = Vector<double>.Build.Dense(k);
        for (var iteration = 1; iteration <= maxIterations; iteration++)
        {
            var p = (x * beta).Map(Sigmoid);
            var w = p.Map(v => Math.Max(v * (1 - v), 1e-10));
            var gradient = x.TransposeThisAndMultiply(y - p);
            var hessian = x.TransposeThisAndMultiply(x.PointwiseMultiply(Matrix<double>.Build.Dense(n, k, (i, _) => w[i])));
            // A small ridge keeps separated or collinear data from blowing up; it is negligible otherwise.
            var step = (hessian + (Matrix<double>.Build.DenseIdentity(k) * 1e-8)).Solve(gradient);
            beta += step;
            if (step.AbsoluteMaximum() < 1e-9)
            {
                return new LogisticRegression([.. beta], iteration, true);
            }
        }

        return new LogisticRegression([.. beta], maxIterations, false);
    }

    public double Predict(double[] covariates)
    {
        var eta = Coefficients[0];
        for (var j = 0; j < covariates.Length; j++)
        {
            eta += Coefficients[j + 1] * covariates[j];
        }

        return Sigmoid(eta);
    }

    private static double Sigmoid(double eta) => 1 / (1 + Math.Exp(-eta));
}
