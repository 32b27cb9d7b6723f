using Dapper;
using Npgsql;

namespace Outcomes.Analytics.Runs.Families;

/// <summary>
/// Completion, dropout and transfer among episodes discharged in the period, and unplanned discharge within the early
/// days among admissions of the period whose early days have all passed by the data-through date (a fixed-window
/// cohort: an admission discharged early but admitted too recently is left out with the rest of its cohort, not kept
/// while those still in care are dropped, which biased the rate upwards).
/// </summary>
internal sealed class DischargeOutcomesQuery(RateFigures rates)
{
    /// <summary>
    /// One pass over the episodes of the period: completion, dropout and transfer among episodes discharged in it;
    /// unplanned discharge within N days among admissions of the period whose N days have passed. Reads the episodes table
    /// (not <see cref="PeriodEpisodes"/>), so that it runs in the lane beside the one that builds that.
    /// </summary>
    private const string Sql = $"""
        with period_episode as (
            select e.facility_id, p.level_of_care, e.program_key, e.discharge_reason,
                   e.discharged_on between @Start and @End as discharged,
                   e.admitted_on between @Start and @End and e.admitted_on + @EarlyDays <= @Through as early_counted,
                   e.discharge_reason = any(@Unplanned) as unplanned,
                   e.discharged_on - e.admitted_on as days
            from episode e
            join program p on p.program_key = e.program_key
            where {PeriodEpisodes.InPeriod}
        )
        select facility_id as Facility, level_of_care as Level, program_key as ProgramKey,
               count(*) filter (where discharged) as Discharged,
               count(*) filter (where discharged and discharge_reason = 'completed') as Completed,
               count(*) filter (where discharged and unplanned) as Unplanned,
               count(*) filter (where discharged and discharge_reason = 'transferred') as Transferred,
               count(*) filter (where early_counted and unplanned and days <= @EarlyDays) as EarlyEvents,
               count(*) filter (where early_counted) as EarlyTotal
        from period_episode
        group by 1, 2, 3
        """;

    public async Task<IReadOnlyList<Figure>> ReadAsync(
        NpgsqlConnection connection, PeriodParameters parameters, CancellationToken cancellationToken)
    {
        var rows = (await connection.QueryAsync<EpisodeCounts>(new CommandDefinition(Sql, parameters, commandTimeout: 0, cancellationToken: cancellationToken))).ToList();
        var discharged = rows.Where(r => r.Discharged > 0).ToList();
        var figures = new List<Figure>();
        foreach (var (metric, pick) in new (string, Func<EpisodeCounts, long>)[]
                 {
                     ("completion", r => r.Completed), ("dropout", r => r.Unplanned), ("transfer", r => r.Transferred),
                 })
        {
            figures.AddRange(rates.RatesAndDifferences(metric, [.. discharged.Select(r => new RateCounts(r.Facility, r.Level, r.ProgramKey, "", pick(r), r.Discharged))], isRate: true));
        }

        figures.AddRange(RateFigures.Named(rates.RatesAndDifferences("early_dropout",
            [.. rows.Where(r => r.EarlyTotal > 0).Select(r => new RateCounts(r.Facility, r.Level, r.ProgramKey, "", r.EarlyEvents, r.EarlyTotal))], isRate: true),
            _ => parameters.AdmittedAndFollowed(parameters.EarlyDays)));
        return figures;
    }

    private sealed record EpisodeCounts(
        string Facility, string Level, int ProgramKey, long Discharged, long Completed, long Unplanned, long Transferred,
        long EarlyEvents, long EarlyTotal);
}
