using System.Globalization;
using Dapper;
using Npgsql;
using Outcomes.Analytics.Definitions;

namespace Outcomes.Analytics.Runs.Families;

/// <summary>
/// Family involvement in a fixed early window (<see cref="OutcomeDefinitions.FamilyInvolvementDays"/>): among the
/// period's admissions whose first 14 days had passed by the data-through date, the share with an attended family
/// contact or family session in days 0 to 13 (<c>family_involvement</c>); and completion with and without it among
/// the period's discharges still in care on day 14 (<c>completion_by_family_involvement</c>, a landmark: every stay
/// compared had the same 14 days to be involved). Measured over the whole stay instead, involvement favoured the
/// longer stays, which are the ones that complete: immortal-time bias.
/// </summary>
internal sealed class FamilyInvolvementQuery(RateFigures rates)
{
    /// <summary>
    /// Per program and early involvement: the admissions of the period whose window had passed, and the discharges of
    /// the period in care on day 14 with how many completed. Whether an episode had an attended family session in the
    /// window is read from the episode's own row: the day of its first attended family session on or after admission,
    /// which the database's triggers keep (migration 0037), falls within days 0 to 13. Asked of the sessions themselves,
    /// a trailing year read every entry of the partial index of attended family sessions (migration 0027), whose
    /// episode order no period bounds. The episodes with a family contact are joined to the episodes on their own, not
    /// as a union with those with a session: the union's de-duplication of 0.45 million keys and its hash took a fifth
    /// of the statement.
    /// </summary>
    private const string Sql = """
        with episodes as materialized (
            select e.episode_key, e.facility_id, p.level_of_care, p.program_key, e.admitted_on, e.discharge_reason,
                   e.admitted_on between @Start and @End and e.admitted_on + @Days <= @Through as admitted,
                   coalesce(e.discharged_on between @Start and @End and e.discharged_on - e.admitted_on >= @Days, false) as discharged,
                   coalesce(e.first_family_session_on <= e.admitted_on + (@Days - 1), false) as family_session
            from episode e
            join program p on p.program_key = e.program_key
            where ((e.admitted_on between @Start and @End and e.admitted_on + @Days <= @Through)
                   or (e.discharged_on between @Start and @End and e.discharged_on - e.admitted_on >= @Days))
              and (@Facility::text is null or e.facility_id = @Facility)
        ), contacted as (
            select distinct c.episode_key
            from family_contact c
            join episodes x on x.episode_key = c.episode_key
            where c.attended and c.contact_date between x.admitted_on and x.admitted_on + (@Days - 1)
        )
        select x.facility_id as Facility, x.level_of_care as Level, x.program_key as ProgramKey,
               (c.episode_key is not null or x.family_session) as Involved,
               count(*) filter (where x.admitted) as Admitted,
               count(*) filter (where x.discharged) as Discharged,
               count(*) filter (where x.discharged and x.discharge_reason = 'completed') as Completed
        from episodes x
        left join contacted c on c.episode_key = x.episode_key
        group by 1, 2, 3, 4
        """;

    public async Task<IReadOnlyList<Figure>> ReadAsync(NpgsqlConnection connection, PeriodParameters parameters, CancellationToken cancellationToken)
    {
        var days = OutcomeDefinitions.FamilyInvolvementDays;
        var rows = (await connection.QueryAsync<FamilyRow>(new CommandDefinition(Sql, new
        {
            parameters.Start, parameters.End, parameters.Through, parameters.Facility, Days = days,
        }, commandTimeout: 0, cancellationToken: cancellationToken))).ToList();
        var involvement = rows.GroupBy(r => (r.Facility, r.Level, r.ProgramKey))
            .Select(g => new RateCounts(g.Key.Facility, g.Key.Level, g.Key.ProgramKey, "", g.Where(r => r.Involved).Sum(r => r.Admitted), g.Sum(r => r.Admitted)))
            .Where(c => c.Total > 0);
        var completion = rows.Where(r => r.Discharged > 0).Select(r => new RateCounts(
            r.Facility, r.Level, r.ProgramKey, r.Involved ? "with family involvement" : "without family involvement", r.Completed, r.Discharged));

        var lastAdmitted = parameters.Through.AddDays(-days) < parameters.End ? parameters.Through.AddDays(-days) : parameters.End;
        var admitted = string.Create(CultureInfo.InvariantCulture,
            $"admitted {parameters.Start:yyyy-MM-dd} to {lastAdmitted:yyyy-MM-dd}, family involved in days 0 to {days - 1}");
        var discharged = string.Create(CultureInfo.InvariantCulture,
            $"discharged {parameters.Start:yyyy-MM-dd} to {parameters.End:yyyy-MM-dd} after {days} days or more, by family involvement in days 0 to {days - 1}");
        return [.. RateFigures.Named(rates.RatesAndDifferences("family_involvement", [.. involvement], isRate: true), _ => admitted)
            .Concat(RateFigures.Named(rates.RatesAndDifferences("completion_by_family_involvement", [.. completion], isRate: true), _ => discharged))];
    }

    private sealed record FamilyRow(string Facility, string Level, int ProgramKey, bool Involved, long Admitted, long Discharged, long Completed);
}
