using MathNet.Numerics.Distributions;
using MathNet.Numerics.LinearAlgebra;

namespace Outcomes.Analytics.CompetingRisks;

/// <summary>
/// Gray's K-sample test of equal cumulative incidence of one cause (Gray 1988, A class of K-sample tests for comparing
/// the cumulative incidence of a competing risk, Annals of Statistics 16:1141-1154), with the weight ρ = 0 that R's
/// cmprsk::cuminc uses by default. Each group's score is its observed events of the cause minus those expected from
/// its share of the subdistribution risk set R_k = Y_k(1 − F_k(t−)) / S_k(t−); the scores' covariance is Gray's
/// estimate (section 2 of the paper), built as the sum over event times of the squared influence of each group's
/// events of the cause and of its competing events. χ² = s'V⁻¹s over the first K − 1 groups, on K − 1 df.
/// </summary>
public static class GraysTest
{
    public static GraysTestResult Compare(IReadOnlyList<IEnumerable<(double Time, int Cause)>> groups, int cause) =>
        CompareCounts(
            groups.Select(g => g.GroupBy(o => o).Select(x => new CompetingRiskCount(x.Key.Time, x.Key.Cause, x.Count()))).ToList(),
            cause);

    /// <summary>The same test from counts per time and cause in each group, as a grouped SQL query returns them.</summary>
    /// <remarks>A group with nobody in it takes no part (and adds no degree of freedom).</remarks>
    public static GraysTestResult CompareCounts(IReadOnlyList<IEnumerable<CompetingRiskCount>> groups, int cause)
    {
        if (groups.Count < 2)
        {
            throw new ArgumentException("Gray's test compares two or more groups.", nameof(groups));
        }

        var counted = groups.Select(g => g.Where(c => c.Count > 0).ToList()).Where(g => g.Count > 0).ToList();
        var k = counted.Count;
        if (k < 2)
        {
            return new GraysTestResult(double.NaN, 0, double.NaN);
        }

        // events[time][group] = (of the cause, of another cause, censored)
        var table = new SortedDictionary<double, (int Cause, int Other, int Censored)[]>();
        var atRisk = new double[k];
        for (var g = 0; g < k; g++)
        {
            foreach (var c in counted[g])
            {
                if (!table.TryGetValue(c.Time, out var row))
                {
                    row = new (int, int, int)[k];
                    table[c.Time] = row;
                }

                row[g] = c.Cause == cause ? row[g] with { Cause = row[g].Cause + c.Count }
                    : c.Cause == CompetingRiskCount.Censored ? row[g] with { Censored = row[g].Censored + c.Count }
                    : row[g] with { Other = row[g].Other + c.Count };
                atRisk[g] += c.Count;
            }
        }

        var survivalBefore = Enumerable.Repeat(1.0, k).ToArray();
        var incidenceBefore = new double[k];
        var pooledBefore = 0.0;
        var score = new double[k];
        var cumulativeC = new double[k, k];
        var moments = new List<TimeMoment>();

        foreach (var (_, row) in table)
        {
            var d1 = row.Sum(r => r.Cause);
            var d2 = row.Sum(r => r.Other);
            if (d1 + d2 > 0)
            {
                var h = new double[k];
                double sumH = 0, sumR = 0;
                var r = new double[k];
                for (var g = 0; g < k; g++)
                {
                    if (atRisk[g] > 0)
                    {
                        h[g] = atRisk[g] / survivalBefore[g];
                        r[g] = h[g] * (1 - incidenceBefore[g]);
                        sumH += h[g];
                        sumR += r[g];
                    }
                }

                var survivalAfter = new double[k];
                var incidenceAfter = new double[k];
                for (var g = 0; g < k; g++)
                {
                    survivalAfter[g] = atRisk[g] > 0 ? survivalBefore[g] * (atRisk[g] - row[g].Cause - row[g].Other) / atRisk[g] : survivalBefore[g];
                    incidenceAfter[g] = atRisk[g] > 0 ? incidenceBefore[g] + (survivalBefore[g] * row[g].Cause / atRisk[g]) : incidenceBefore[g];
                    if (atRisk[g] > 0)
                    {
                        score[g] += row[g].Cause - (d1 * r[g] / sumR);
                    }
                }

                // The pooled estimate F0 is ∫ dN1 / Σ h_k; dΓ0 = dF0 / (1 − F0(t−)) is the pooled subdistribution hazard.
                var pooledAfter = pooledBefore + (d1 / sumH);
                var a = new double[k, k];
                for (var i = 0; i < k; i++)
                {
                    for (var j = 0; j < k; j++)
                    {
                        if (atRisk[i] > 0 && atRisk[j] > 0)
                        {
                            a[i, j] = h[i] * ((i == j ? 1 : 0) - (h[j] / sumH));
                            cumulativeC[i, j] += a[i, j] * d1 / (sumH * (1 - pooledBefore));
                        }
                    }
                }

                // Each group's events of the cause and competing events are martingale increments with these variances
                // (with Gray's correction for ties), weighted by their influence on the scores.
                var causeVariance = new double[k];
                var causeWeight = new double[k];
                var otherVariance = new double[k];
                var otherWeight = new double[k];
                for (var g = 0; g < k; g++)
                {
                    if (d1 > 0 && atRisk[g] > 0)
                    {
                        causeWeight[g] = survivalAfter[g] > 0 ? 1 - ((1 - pooledAfter) / survivalAfter[g]) : 1;
                        var ties = d1 > 1 ? 1 - ((d1 - 1) / ((sumH * survivalBefore[g]) - 1)) : 1;
                        causeVariance[g] = ties * survivalBefore[g] * d1 / (sumH * atRisk[g]);
                    }

                    if (row[g].Other > 0 && survivalAfter[g] > 0)
                    {
                        otherWeight[g] = (1 - pooledAfter) / survivalAfter[g];
                        var ties = row[g].Other > 1 ? 1 - ((row[g].Other - 1.0) / (atRisk[g] - 1)) : 1;
                        otherVariance[g] = ties * survivalBefore[g] * survivalBefore[g] * row[g].Other / (atRisk[g] * atRisk[g]);
                    }
                }

                moments.Add(new TimeMoment(a, (double[,])cumulativeC.Clone(), causeWeight, causeVariance, otherWeight, otherVariance));
                pooledBefore = pooledAfter;
                Array.Copy(survivalAfter, survivalBefore, k);
                Array.Copy(incidenceAfter, incidenceBefore, k);
            }

            for (var g = 0; g < k; g++)
            {
                atRisk[g] -= row[g].Cause + row[g].Other + row[g].Censored;
            }
        }

        // The influence of an increment at t on score i runs through a_ik(t) directly and through the rest of the
        // pooled estimate, C_ik(τ) − C_ik(t), so the covariance needs C at the end: a second pass over the stored times.
        var m = k - 1;
        var covariance = Matrix<double>.Build.Dense(m, m);
        foreach (var t in moments)
        {
            for (var g = 0; g < k; g++)
            {
                for (var i = 0; i < m; i++)
                {
                    var remaining = cumulativeC[i, g] - t.C[i, g];
                    var causeI = t.A[i, g] + (t.CauseWeight[g] * remaining);
                    var otherI = t.OtherWeight[g] * remaining;
                    for (var j = 0; j <= i; j++)
                    {
                        var remainingJ = cumulativeC[j, g] - t.C[j, g];
                        var causeJ = t.A[j, g] + (t.CauseWeight[g] * remainingJ);
                        var otherJ = t.OtherWeight[g] * remainingJ;
                        var add = (causeI * causeJ * t.CauseVariance[g]) + (otherI * otherJ * t.OtherVariance[g]);
                        covariance[i, j] += add;
                        if (j != i)
                        {
                            covariance[j, i] += add;
                        }
                    }
                }
            }
        }

        var s = Vector<double>.Build.Dense(m, i => score[i]);
        var chiSquare = s.DotProduct(covariance.Solve(s));
        if (double.IsNaN(chiSquare) || chiSquare < 0)
        {
            chiSquare = 0;
        }

        return new GraysTestResult(chiSquare, m, 1 - ChiSquared.CDF(m, chiSquare));
    }

    private sealed record TimeMoment(double[,] A, double[,] C, double[] CauseWeight, double[] CauseVariance, double[] OtherWeight, double[] OtherVariance);
}
