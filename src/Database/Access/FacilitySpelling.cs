using Dapper;
using Npgsql;

namespace Outcomes.Database.Access;

/// <summary>
/// A facility id as a person types it (<c>--facility north</c>) resolved to the one spelling the data holds
/// (<c>NORTH</c>), the way the ingest matches ids: without regard to case (<c>lower</c>), the stored spelling kept. An
/// exact match wins; otherwise the one facility whose id differs only in case; otherwise (none, or two spellings loaded
/// before the ingest matched them) the id as given, so a command says what it says of an unknown facility.
/// </summary>
public static class FacilitySpelling
{
    private const string StoredSql = """
        select coalesce(
            (select facility_id from facility where facility_id = @Given),
            (select min(facility_id) from facility where lower(facility_id) = lower(@Given) having count(*) = 1),
            @Given)
        """;

    /// <summary>The stored spelling of <paramref name="given"/> (null stays null: all facilities).</summary>
    public static async Task<string?> StoredAsync(NpgsqlDataSource dataSource, string? given, CancellationToken cancellationToken = default)
    {
        if (given is null)
        {
            return null;
        }

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await StoredAsync(connection, null, given, cancellationToken);
    }

    /// <summary>The stored spelling of <paramref name="given"/>, read on an open connection (inside its transaction, if any).</summary>
    public static async Task<string> StoredAsync(
        NpgsqlConnection connection, NpgsqlTransaction? transaction, string given, CancellationToken cancellationToken = default) =>
        await connection.ExecuteScalarAsync<string>(new CommandDefinition(
            StoredSql, new { Given = given }, transaction, cancellationToken: cancellationToken)) ?? given;
}
