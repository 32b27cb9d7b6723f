using Dapper;
using Npgsql;
using Outcomes.Analytics.Definitions;
using Outcomes.Analytics.Suppression;
using Outcomes.Analytics.Survival;

namespace Outcomes.Analytics.Runs.Families;

/// <summary>
/// Retention in care of admissions in the period (Kaplan–Meier): the share still in care on set days, each from the
/// fixed-window cohort of admissions whose days have passed (<see cref="AdmissionCohortShares"/>: the figure judged
/// against targets); and, described over every admission of the period censored at the data-through date, the median
/// days, the curve every 7 days by level of care and the log-rank test of IOP against PHP. Reads
/// <c>pg_temp.period_episode</c> (<see cref="PeriodEpisodes"/>): runs on the lane that copied it.
/// </summary>
internal sealed class RetentionQuery(SmallCellPolicy policy)
{
    /// <summary>
    /// Admissions in the period by days to discharge (censored at the data-through date) and by the longest share day
    /// their window had passed (−1 in the run-in).
    /// </summary>
    private const string Sql = $"""
        with {RunIn.DataStart}
        select e.facility_id as Facility, e.level_of_care as Level,
               (least(coalesce(e.discharged_on, @Through), @Through) - e.admitted_on)::int as Days,
               ({AdmissionCohortShares.Followed})::int as Followed,
               count(*) filter (where e.discharged_on is not null and e.discharged_on <= @Through)::int as Events,
               count(*) filter (where e.discharged_on is null or e.discharged_on > @Through)::int as Censored
        from pg_temp.period_episode e
        join data_start ds on ds.facility_id = e.facility_id
        where e.admitted_on between @Start and @End and e.admitted_on <= @Through
        group by 1, 2, 3, 4
        """;

    public async Task<IReadOnlyList<Figure>> ReadAsync(NpgsqlConnection connection, PeriodParameters parameters, CancellationToken cancellationToken)
    {
        var rows = (await connection.QueryAsync<CohortSurvivalCounts>(new CommandDefinition(Sql, parameters, commandTimeout: 0, cancellationToken: cancellationToken))).ToList();
        var figures = new List<Figure>();
        var scopes = rows.Select(r => r.Facility).Distinct().Order(StringComparer.Ordinal).Prepend(Figure.All);
        foreach (var facility in scopes)
        {
            var inScope = rows.Where(r => facility == Figure.All || r.Facility == facility).ToList();
            var curves = new Dictionary<string, List<SurvivalCount>>();
            foreach (var level in inScope.Select(r => r.Level).Distinct().Order(StringComparer.Ordinal))
            {
                var counts = inScope.Where(r => r.Level == level).GroupBy(r => r.Days)
                    .Select(g => new SurvivalCount(g.Key, g.Sum(r => r.Events), g.Sum(r => r.Censored))).ToList();
                curves[level] = counts;
                var curve = KaplanMeierCurve.FitCounts(counts);
                var n = curve.Count;
                var suppressed = policy.IsSmall(n);
                var (lower, upper) = curve.MedianInterval;
                figures.Add(new Figure("retention_median_days", facility, level, null, "", n, null, n, curve.Median, lower, upper, suppressed,
                    curve.Median is null ? "fewer than half have left care" : null));
                if (level is OutcomeDefinitions.Iop or OutcomeDefinitions.Php)
                {
                    // The curve itself, every 7 days: the numerator is the number still at risk on that day.
                    foreach (var day in OutcomeDefinitions.RetentionCurveDays)
                    {
                        var at = RetentionEstimate.At(curve, day, policy.Threshold);
                        figures.Add(new Figure("retention_curve", facility, level, null, $"day {day}", n, at.AtRisk, n, at.Retention,
                            at.Interval?.Lower, at.Interval?.Upper, suppressed,
                            at.IsEstimable ? "Kaplan–Meier estimate on that day; numerator: number at risk (still in care and followed)" : at.NotEstimableReason));
                    }
                }
            }

            if (curves.TryGetValue(OutcomeDefinitions.Iop, out var iop) && curves.TryGetValue(OutcomeDefinitions.Php, out var php))
            {
                var test = LogRankTest.CompareCounts(iop, php);
                var n = iop.Sum(c => c.Events + c.Censored) + php.Sum(c => c.Events + c.Censored);
                figures.Add(new Figure("retention_logrank", facility, Figure.IopMinusPhp, null, "", n, test.ObservedFirst, test.ExpectedFirst,
                    test.ChiSquare, null, null, false, string.Create(System.Globalization.CultureInfo.InvariantCulture,
                        $"chi-square {test.ChiSquare:F2} on 1 df, {(test.PValue < 0.0001 ? "p < 0.0001" : $"p = {test.PValue:F4}")}"), test.PValue));
            }
        }

        // Kaplan–Meier share still in care; Greenwood variance, log-scale interval.
        figures.AddRange(new AdmissionCohortShares(policy, parameters).Shares("retention", rows, "still in care (Kaplan–Meier)"));
        return figures;
    }
}
