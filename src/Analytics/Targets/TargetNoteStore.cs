using Dapper;
using Npgsql;

namespace Outcomes.Analytics.Targets;

/// <summary>
/// <c>target_note</c> (migration 0025): a written analysis and extenuating factors per target and review year. Notes are
/// added, never changed; the database takes the writer from the login and records each note in the audit trail
/// (<c>target.note</c>), and row-level security keeps a facility-limited login to its own facilities' targets.
/// </summary>
public sealed class TargetNoteStore(NpgsqlDataSource dataSource)
{
    /// <summary>The longest analysis or list of extenuating factors, in characters (the table's check).</summary>
    public const int MaxLength = 4000;

    /// <summary>Adds a note; throws with a message naming the option when the text is empty or too long, or there is no such target.</summary>
    public async Task<long> AddAsync(long targetId, int reviewYear, string analysis, string? extenuatingFactors, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(analysis) || analysis.Trim().Length > MaxLength)
        {
            throw new InvalidOperationException($"--analysis: expected the written analysis of the target's year, 1 to {MaxLength:N0} characters.");
        }

        if (extenuatingFactors is not null && (string.IsNullOrWhiteSpace(extenuatingFactors) || extenuatingFactors.Trim().Length > MaxLength))
        {
            throw new InvalidOperationException($"--extenuating-factors: expected the factors outside the program's control, 1 to {MaxLength:N0} characters, or leave it out.");
        }

        const string sql = """
            insert into target_note (target_id, review_year, analysis, extenuating_factors)
            select target_id, @Year, @Analysis, @Factors from outcome_target where target_id = @Target
            returning note_id
            """;
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<long?>(new CommandDefinition(sql,
                   new { Target = targetId, Year = reviewYear, Analysis = analysis.Trim(), Factors = extenuatingFactors?.Trim() }, cancellationToken: cancellationToken))
               ?? throw new InvalidOperationException($"target: there is no target {targetId} (see 'outcomes targets list').");
    }

    /// <summary>The latest note of each target for <paramref name="reviewYear"/>, by target id.</summary>
    public async Task<IReadOnlyDictionary<long, TargetNote>> LatestAsync(int reviewYear, CancellationToken cancellationToken = default)
    {
        const string sql = """
            select distinct on (target_id) note_id as NoteId, target_id as TargetId, review_year as ReviewYear, analysis as Analysis,
                   extenuating_factors as ExtenuatingFactors, written_by as WrittenBy, written_at as WrittenAt
            from target_note where review_year = @Year
            order by target_id, note_id desc
            """;
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return (await connection.QueryAsync<TargetNote>(new CommandDefinition(sql, new { Year = reviewYear }, cancellationToken: cancellationToken)))
            .ToDictionary(n => n.TargetId);
    }
}
