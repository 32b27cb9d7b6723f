using Dapper;
using Npgsql;

namespace Outcomes.Analytics.Runs.Families;

/// <summary>Family involvement among discharges of the period, and completion with and without it.</summary>
internal sealed class FamilyInvolvementQuery(RateFigures rates)
{
    /// <summary>
    /// Episodes discharged in the period, per program, split by family involvement (at least one family contact
    /// attended, or a family session attended) and completion: the counts behind both family figures. The episodes
    /// with an attended family session come in key order from the partial index of family months (a distinct pass, no
    /// hashing of every month row); family contacts are looked up only for the discharges without one.
    /// </summary>
    public const string OnePass = """
        select e.facility_id as Facility, p.level_of_care as Level, p.program_key as ProgramKey,
               (f.episode_key is not null
                or exists (select 1 from family_contact c where c.attended and c.episode_key = e.episode_key)) as Involved,
               count(*) filter (where e.discharge_reason = 'completed') as Completed, count(*) as Total
        from episode e
        join program p on p.program_key = e.program_key
        left join (select distinct m.episode_key from session_month m where m.family_attended > 0) f on f.episode_key = e.episode_key
        where e.discharged_on between @Start and @End and (@Facility::text is null or e.facility_id = @Facility)
        group by 1, 2, 3, 4
        """;

    /// <summary>
    /// The same counts as <see cref="OnePass"/>, with the family contacts and week rows looked up for the period's
    /// discharges one by one: faster for a month's discharges (a few tens of thousands), much slower for a year's
    /// (docs/performance.md).
    /// </summary>
    public const string ByLookup = """
        with discharged as materialized (
            select e.episode_key, e.facility_id, p.level_of_care, p.program_key, e.discharge_reason
            from episode e
            join program p on p.program_key = e.program_key
            where e.discharged_on between @Start and @End and (@Facility::text is null or e.facility_id = @Facility)
        ), involved as (
            select c.episode_key from family_contact c where c.attended and c.episode_key in (select episode_key from discharged)
            union
            select m.episode_key from session_month m where m.family_attended > 0 and m.episode_key in (select episode_key from discharged)
        )
        select d.facility_id as Facility, d.level_of_care as Level, d.program_key as ProgramKey,
               (i.episode_key is not null) as Involved,
               count(*) filter (where d.discharge_reason = 'completed') as Completed, count(*) as Total
        from discharged d
        left join involved i on i.episode_key = d.episode_key
        group by 1, 2, 3, 4
        """;

    /// <remarks>A month's discharges are few enough to look up one by one; a longer period's are read in one pass.</remarks>
    public async Task<IReadOnlyList<Figure>> ReadAsync(NpgsqlConnection connection, PeriodParameters parameters, CancellationToken cancellationToken)
    {
        var sql = parameters.End.DayNumber - parameters.Start.DayNumber < 31 ? ByLookup : OnePass;
        var rows = (await connection.QueryAsync<FamilyRow>(new CommandDefinition(sql, parameters, commandTimeout: 0, cancellationToken: cancellationToken))).ToList();
        var involvement = rows.GroupBy(r => (r.Facility, r.Level, r.ProgramKey))
            .Select(g => new RateCounts(g.Key.Facility, g.Key.Level, g.Key.ProgramKey, "", g.Where(r => r.Involved).Sum(r => r.Total), g.Sum(r => r.Total)));
        var completion = rows.Select(r => new RateCounts(
            r.Facility, r.Level, r.ProgramKey, r.Involved ? "with family involvement" : "without family involvement", r.Completed, r.Total));
        return [.. rates.RatesAndDifferences("family_involvement", [.. involvement], isRate: true)
            .Concat(rates.RatesAndDifferences("completion_by_family_involvement", [.. completion], isRate: true))];
    }

    private sealed record FamilyRow(string Facility, string Level, int ProgramKey, bool Involved, long Completed, long Total);
}
