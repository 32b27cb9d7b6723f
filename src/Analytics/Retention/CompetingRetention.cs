using System.Globalization;
using Dapper;
using Npgsql;
using Outcomes.Analytics.CompetingRisks;
using Outcomes.Analytics.Definitions;
using Outcomes.Analytics.Rates;
using Outcomes.Analytics.Runs;
using Outcomes.Analytics.Suppression;

namespace Outcomes.Analytics.Retention;

/// <summary>
/// Retention with the ends told apart. PHP is planned to last a few weeks, so "still in care" restates the plan: what
/// matters is how often a stay ends unplanned before its planned end. For the stays admitted in the period, by level
/// of care and facility: the cumulative incidence of an unplanned discharge by day 14, 30, 60 and 90, with completion and
/// a planned step-down or transfer as competing ends (Aalen–Johansen) and other ends (incarcerated, died, other) as a
/// fourth; Gray's test of equal incidence of an unplanned discharge in IOP and PHP; and unplanned discharges per 1,000
/// days in care with their exact interval and the IOP / PHP rate ratio. Stays in care on the data-through date are
/// censored there. No share is given past the last day followed or with fewer than 11 at risk; the number at risk is
/// stored either way.
/// </summary>
public static class CompetingRetention
{
    public const int Unplanned = 1;
    public const int Completed = 2;
    public const int SteppedDown = 3;
    public const int OtherEnd = 4;

    public static readonly IReadOnlyList<int> Days = [14, 30, 60, 90];

    // Counted by facility, level, day in care and cause: a year of stays comes back as a few thousand rows.
    private const string Sql = """
        select e.facility_id as Facility, p.level_of_care as Level,
               (least(coalesce(e.discharged_on, @Through), @Through) - e.admitted_on)::int as Days,
               case
                   when e.discharged_on is null or e.discharged_on > @Through then 0
                   when e.discharge_reason = any(@Unplanned) then 1
                   when e.discharge_reason = 'completed' then 2
                   when e.discharge_reason = 'transferred' then 3
                   else 4
               end as Cause,
               count(*)::int as Count
        from episode e
        join program p on p.program_key = e.program_key
        where e.admitted_on between @Start and @End and e.admitted_on <= @Through
          and (@Facility::text is null or e.facility_id = @Facility)
        group by 1, 2, 3, 4
        order by 1, 2, 3, 4
        """;

    public static async Task<IReadOnlyList<Figure>> ComputeAsync(
        NpgsqlConnection connection, DateOnly start, DateOnly end, DateOnly through, string? facility, SmallCellPolicy policy,
        CancellationToken cancellationToken)
    {
        var parameters = new { Start = start, End = end, Through = through, Facility = facility, Unplanned = OutcomeDefinitions.UnplannedReasons.ToArray() };
        var rows = (await connection.QueryAsync<Row>(new CommandDefinition(Sql, parameters, commandTimeout: 0, cancellationToken: cancellationToken))).ToList();
        return [.. Figures(rows, policy)];
    }

    public static IEnumerable<Figure> Figures(IReadOnlyList<Row> rows, SmallCellPolicy policy)
    {
        foreach (var scope in rows.Select(r => r.Facility).Distinct().Order(StringComparer.Ordinal).Prepend(Figure.All))
        {
            var inScope = rows.Where(r => scope == Figure.All || r.Facility == scope).ToList();
            var byLevel = new Dictionary<string, List<CompetingRiskCount>>();
            var rates = new Dictionary<string, EventRate>();
            foreach (var level in inScope.Select(r => r.Level).Distinct().Order(StringComparer.Ordinal))
            {
                var counts = inScope.Where(r => r.Level == level).GroupBy(r => (r.Days, r.Cause))
                    .Select(g => new CompetingRiskCount(g.Key.Days, g.Key.Cause, g.Sum(r => r.Count))).ToList();
                byLevel[level] = counts;
                var n = counts.Sum(c => c.Count);
                foreach (var (metric, cause) in new[] { ("unplanned_discharge_incidence", Unplanned), ("completion_incidence", Completed), ("step_down_incidence", SteppedDown) })
                {
                    var incidence = CumulativeIncidence.FitCounts(counts, cause);
                    foreach (var day in Days)
                    {
                        var at = incidence.At(day, policy.Threshold);
                        var grouping = string.Create(CultureInfo.InvariantCulture, $"day {day}");
                        yield return new Figure(metric, scope, level, null, grouping, n, null, at.AtRisk, at.Incidence,
                            at.Interval?.Lower, at.Interval?.Upper, policy.IsSmall(n),
                            at.IsEstimable
                                ? string.Create(CultureInfo.InvariantCulture, $"Aalen–Johansen, competing ends told apart; {at.AtRisk} still in care and followed on day {day}")
                                : $"not estimable: {at.NotEstimableReason}");
                    }
                }

                // Days in care: each stay's days up to its discharge or the data-through date.
                var days = counts.Sum(c => c.Time * c.Count);
                var events = counts.Where(c => c.Cause == Unplanned).Sum(c => (long)c.Count);
                var rate = EventRate.For(events, days);
                rates[level] = rate;
                yield return new Figure("unplanned_per_1000_days", scope, level, null, "", n, events, days, rate.PerThousandDays,
                    rate.Interval.Lower, rate.Interval.Upper, policy.IsSmall(n) || policy.IsSmall(events),
                    "unplanned discharges per 1,000 days in care, exact Poisson interval (Garwood)");
            }

            if (byLevel.TryGetValue("iop", out var iop) && byLevel.TryGetValue("php", out var php))
            {
                var gray = GraysTest.CompareCounts([iop, php], Unplanned);
                yield return new Figure("gray_test_unplanned", scope, Figure.IopMinusPhp, null, "chi-square", iop.Sum(c => c.Count) + php.Sum(c => c.Count),
                    null, null, gray.ChiSquare, null, null, false,
                    string.Create(CultureInfo.InvariantCulture, $"Gray's test of equal cumulative incidence of an unplanned discharge, {gray.DegreesOfFreedom} df, p = {gray.PValue:G3}"), gray.PValue);
                if (rates["iop"].Events + rates["php"].Events > 0 && rates["php"].Events > 0)
                {
                    var ratio = RateRatio.Compare(rates["iop"], rates["php"]);
                    yield return new Figure("unplanned_rate_ratio", scope, Figure.IopMinusPhp, null, "", iop.Sum(c => c.Count) + php.Sum(c => c.Count),
                        null, null, ratio.Ratio, ratio.Interval.Lower, ratio.Interval.Upper, false,
                        string.Create(CultureInfo.InvariantCulture, $"IOP / PHP unplanned discharges per day in care, exact conditional interval, p = {ratio.PValue:G3}"), ratio.PValue);
                }
            }
        }
    }

    public sealed record Row(string Facility, string Level, int Days, int Cause, int Count);
}
