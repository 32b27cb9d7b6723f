using Dapper;
using Npgsql;

namespace Outcomes.Analytics.Runs;

/// <summary>
/// The day the data are complete through, by default everywhere (analyses, reports, model training and scoring): the
/// latest admission, discharge or session date loaded (docs/metrics.md).
/// </summary>
public static class DataThrough
{
    private const string Sql = """
        select greatest(max(admitted_on), max(discharged_on),
                        (select max(w.last_session_on) from session_week w where w.month_start = (select max(month_start) from session_week)))
        from episode
        """;

    /// <summary>The latest date in the data, or null when nothing is loaded yet.</summary>
    public static async Task<DateOnly?> LatestAsync(NpgsqlConnection connection, CancellationToken cancellationToken = default) =>
        await connection.ExecuteScalarAsync<DateOnly?>(new CommandDefinition(Sql, cancellationToken: cancellationToken));

    public static async Task<DateOnly?> LatestAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await LatestAsync(connection, cancellationToken);
    }

    /// <summary>
    /// The first admission loaded, or null when nothing is: where the data begin, so a report does not ask for a run of
    /// a year before them (the annual review's prior year).
    /// </summary>
    public static async Task<DateOnly?> FirstAdmissionAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken = default)
    {
        const string sql = "select min(admitted_on) from episode";
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<DateOnly?>(new CommandDefinition(sql, cancellationToken: cancellationToken));
    }
}
