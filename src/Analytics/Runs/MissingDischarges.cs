using Dapper;
using Npgsql;
using Outcomes.Analytics.Definitions;

namespace Outcomes.Analytics.Runs;

/// <summary>
/// Per facility, the episodes in care on a day with no session in the <see cref="OutcomeDefinitions.MissingDischargeDays"/>
/// days before it (a discharge record is probably missing), by the same definition as the analysis's
/// <c>missing_discharge</c> figure; the daily data-quality check reads it.
/// </summary>
public static class MissingDischarges
{
    public sealed record Count(string FacilityId, long WithoutSessions, long InCare);

    public static async Task<IReadOnlyList<Count>> ByFacilityAsync(NpgsqlDataSource dataSource, DateOnly through, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<(string Facility, string Level, int ProgramKey, string Grouping, long Events, long Total)>(new CommandDefinition(
            Families.MissingDischargeQuery.Sql,
            new { Through = through, MissingDays = OutcomeDefinitions.MissingDischargeDays, Facility = (string?)null },
            commandTimeout: 0, cancellationToken: cancellationToken));
        return [.. rows.GroupBy(r => r.Facility, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new Count(g.Key, g.Sum(r => r.Events), g.Sum(r => r.Total)))];
    }
}
