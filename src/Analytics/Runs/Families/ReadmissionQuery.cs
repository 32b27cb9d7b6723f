using Dapper;
using Npgsql;
using Outcomes.Analytics.Definitions;

namespace Outcomes.Analytics.Runs.Families;

/// <summary>Readmission within each number of days of <see cref="OutcomeDefinitions.ReadmissionDays"/> (<c>readmission_30d</c>, ...).</summary>
internal sealed class ReadmissionQuery(RateFigures rates)
{
    /// <summary>
    /// Readmission after discharge, among episodes discharged in the period other than by transfer or death (a patient who
    /// died cannot be readmitted; keeping them would lower the rate): a readmission
    /// relapse event, or a new episode of the same patient. Counted per program by the days from discharge to the
    /// first readmission (ReadmittedAfter, null when none; capped at @MaxDays + 1) and the days followed up to the
    /// data-through date (FollowedDays, capped at @MaxDays), so that each window of days is summed from the same few
    /// rows: an episode counts for a window when followed that long, and as readmitted when readmitted within it. The
    /// first later admission of the patient is the episode's own <c>next_admitted_on</c>, which the database's triggers
    /// keep (migration 0040): joined with the patients' other episodes instead, a trailing year probed the episodes'
    /// patient index once per discharge. Reads the episodes table, not the period's episodes, so that it can run beside
    /// the statements that do.
    /// </summary>
    private const string Sql = """
        with discharged as materialized (
            select e.episode_key, e.facility_id, p.level_of_care, e.program_key, e.discharged_on, e.next_admitted_on
            from episode e
            join program p on p.program_key = e.program_key
            where e.discharged_on between @Start and @End and e.discharge_reason not in ('transferred', 'died')
              and (@Facility::text is null or e.facility_id = @Facility)
        ), relapse as (
            select d.episode_key, min(r.event_date) as readmitted_on
            from discharged d
            join relapse_event r on r.episode_key = d.episode_key and r.kind = 'readmission' and r.event_date > d.discharged_on
            group by d.episode_key
        )
        select d.facility_id as Facility, d.level_of_care as Level, d.program_key as ProgramKey,
               least(least(d.next_admitted_on, r.readmitted_on) - d.discharged_on, @MaxDays + 1) as ReadmittedAfter,
               least(@Through - d.discharged_on, @MaxDays) as FollowedDays, count(*) as N
        from discharged d
        left join relapse r on r.episode_key = d.episode_key
        group by 1, 2, 3, 4, 5
        """;

    public async Task<IReadOnlyList<Figure>> ReadAsync(NpgsqlConnection connection, PeriodParameters parameters, CancellationToken cancellationToken)
    {
        var rows = (await connection.QueryAsync<ReadmissionCounts>(new CommandDefinition(
            Sql, parameters, commandTimeout: 0, cancellationToken: cancellationToken))).ToList();
        var figures = new List<Figure>();
        foreach (var days in OutcomeDefinitions.ReadmissionDays)
        {
            var counts = rows.Where(r => r.FollowedDays >= days).GroupBy(r => (r.Facility, r.Level, r.ProgramKey))
                .Select(g => new RateCounts(g.Key.Facility, g.Key.Level, g.Key.ProgramKey, "", g.Where(r => r.ReadmittedAfter <= days).Sum(r => r.N), g.Sum(r => r.N)));
            figures.AddRange(RateFigures.Named(rates.RatesAndDifferences($"readmission_{days}d", [.. counts], isRate: true), _ => parameters.DischargedAndFollowed(days)));
        }

        return figures;
    }

    private sealed record ReadmissionCounts(string Facility, string Level, int ProgramKey, int? ReadmittedAfter, int FollowedDays, long N);
}
