using Dapper;
using Npgsql;
using Outcomes.Analytics.Suppression;

namespace Outcomes.Analytics.Runs.Families;

/// <summary>
/// Days in care of episodes discharged in the period (<c>length_of_stay_days</c>). Reads <c>pg_temp.period_episode</c>
/// (<see cref="PeriodEpisodes"/>): runs on the lane that copied it.
/// </summary>
internal sealed class LengthOfStayQuery(SmallCellPolicy policy)
{
    /// <summary>Median and interquartile range of days in care among episodes discharged in the period, by reason.</summary>
    /// <remarks>
    /// The server counts discharges per facility, level, reason and number of days (a few hundred rows); the quartiles of
    /// each grouping are read off those counts here, the way PostgreSQL's <c>percentile_cont</c> computes them, instead of
    /// sorting the period's discharges once per grouping.
    /// </remarks>
    public async Task<IReadOnlyList<Figure>> ReadAsync(NpgsqlConnection connection, PeriodParameters parameters, CancellationToken cancellationToken)
    {
        const string sql = """
            select e.facility_id as Facility, e.level_of_care as Level, e.discharge_reason as Reason,
                   e.discharged_on - e.admitted_on as Days, count(*)::int as N
            from pg_temp.period_episode e
            where e.discharged_on between @Start and @End
            group by 1, 2, 3, 4
            """;
        var counts = (await connection.QueryAsync<StayCount>(new CommandDefinition(sql, parameters, commandTimeout: 0, cancellationToken: cancellationToken))).ToList();
        var groupings = new (Func<StayCount, string> Facility, Func<StayCount, string> Reason)[]
        {
            (c => c.Facility, c => c.Reason), (c => c.Facility, _ => Figure.All), (_ => Figure.All, c => c.Reason), (_ => Figure.All, _ => Figure.All),
        };
        var figures = new List<Figure>();
        foreach (var (facility, reason) in groupings)
        {
            foreach (var group in counts.GroupBy(c => (Facility: facility(c), c.Level, Reason: reason(c)))
                         .OrderBy(g => g.Key.Facility, StringComparer.Ordinal).ThenBy(g => g.Key.Level, StringComparer.Ordinal).ThenBy(g => g.Key.Reason, StringComparer.Ordinal))
            {
                var histogram = group.GroupBy(c => c.Days).Select(g => (Days: g.Key, N: g.Sum(c => c.N))).OrderBy(x => x.Days).ToList();
                var n = histogram.Sum(x => x.N);
                figures.Add(new Figure("length_of_stay_days", group.Key.Facility, group.Key.Level, null, group.Key.Reason == Figure.All ? "" : group.Key.Reason, n,
                    null, n, Quantile(histogram, 0.5), Quantile(histogram, 0.25), Quantile(histogram, 0.75), policy.IsSmall(n), "median; bounds are the interquartile range"));
            }
        }

        return figures;
    }

    /// <summary>
    /// The continuous quantile of values given as (value, count), sorted by value: PostgreSQL's <c>percentile_cont</c>,
    /// linear interpolation between the order statistics either side of q·(n − 1).
    /// </summary>
    internal static double Quantile(IReadOnlyList<(int Value, int Count)> histogram, double q)
    {
        long n = histogram.Sum(x => (long)x.Count);
        var position = q * (n - 1);
        var first = (long)Math.Floor(position);
        var second = (long)Math.Ceiling(position);
        double At(long index)
        {
            long seen = 0;
            foreach (var (value, count) in histogram)
            {
                seen += count;
                if (index < seen)
                {
                    return value;
                }
            }

            throw new ArgumentOutOfRangeException(nameof(index));
        }

        var low = At(first);
        return first == second ? low : low + ((At(second) - low) * (position - first));
    }

    private sealed record StayCount(string Facility, string Level, string Reason, int Days, int N);
}
