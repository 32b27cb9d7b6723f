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

    /// <param name="counts">How many observations each row stands for (frequency weights); one each when null.</param>
    public static LogisticRegression Fit(IReadOnlyList<double[]> covariates, IReadOnlyList<bool> outcomes, IReadOnlyList<int>? counts = null, int maxIterations = 50)
    {
        var n = covariates.Count;
        var k = n == 0 ? 1 : covariates[0].Length + 1;
        var beta = new double[k];
        var row = new double[k];
        row[0] = 1;
        for (var iteration = 1; iteration <= maxIterations; iteration++)
        {
            // One pass over the rows per iteration: the gradient X'(y − p) and the Hessian X'WX accumulated row by row
            // (a dense n × k weight matrix per iteration cost seconds for a year's discharges).
            var gradient = new double[k];
            var hessian = new double[k, k];
            for (var i = 0; i < n; i++)
            {
                covariates[i].CopyTo(row, 1);
                var eta = 0.0;
                for (var j = 0; j < k; j++)
                {
                    eta += beta[j] * row[j];
                }

                var p = Sigmoid(eta);
                var count = counts?[i] ?? 1;
                var w = count * Math.Max(p * (1 - p), 1e-10);
                var residual = count * ((outcomes[i] ? 1 : 0) - p);
                for (var j = 0; j < k; j++)
                {
                    gradient[j] += row[j] * residual;
                    var wj = w * row[j];
                    for (var l = 0; l <= j; l++)
                    {
                        hessian[j, l] += wj * row[l];
                    }
                }
            }

            // A small ridge keeps separated or collinear data from blowing up; it is negligible otherwise.
            var h = Matrix<double>.Build.Dense(k, k, (j, l) => (j >= l ? hessian[j, l] : hessian[l, j]) + (j == l ? 1e-8 : 0));
            var step = h.Solve(Vector<double>.Build.Dense(gradient));
            for (var j = 0; j < k; j++)
            {
                beta[j] += step[j];
            }

            if (step.AbsoluteMaximum() < 1e-9)
            {
                return new LogisticRegression(beta, iteration, true);
            }
        }

        return new LogisticRegression(beta, maxIterations, false);
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
