using Dapper;
using Npgsql;

namespace Outcomes.Analytics.DropoutRisk.Scoring;

/// <summary>
/// Reading the stored risk scores (<c>risk_score</c>, written by <see cref="RiskScorer"/>) without identifiers: what the
/// reports show of them. Any login that may read the scores, the reporter's included, limited to its facilities.
/// </summary>
public sealed class RiskScores(NpgsqlDataSource dataSource)
{
    /// <summary>
    /// The scores of <paramref name="modelId"/> on its latest scoring day on or before <paramref name="onOrBefore"/>,
    /// counted in <paramref name="bands"/> bands of <paramref name="width"/>, for one facility or all (null).
    /// </summary>
    public async Task<ScoreBands> BandsAsync(
        long modelId, DateOnly onOrBefore, string? facility, double width, int bands, CancellationToken cancellationToken = default)
    {
        const string latestDaySql = """
            select max(r.scored_on) from risk_score r join episode e on e.episode_key = r.episode_key
            where r.model_id = @ModelId and r.scored_on <= @End and (@Facility::text is null or e.facility_id = @Facility)
            """;
        const string bandsSql = """
            select least(floor(r.probability / @Width)::int, @Bands - 1) as band, count(*) as episodes
            from risk_score r join episode e on e.episode_key = r.episode_key
            where r.model_id = @ModelId and r.scored_on = @Day and (@Facility::text is null or e.facility_id = @Facility)
            group by 1 order by 1
            """;
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var day = await connection.ExecuteScalarAsync<DateOnly?>(new CommandDefinition(
            latestDaySql, new { ModelId = modelId, End = onOrBefore, Facility = facility }, cancellationToken: cancellationToken));
        if (day is null)
        {
            return new ScoreBands(null, []);
        }

        var counts = new long[bands];
        foreach (var (band, episodes) in await connection.QueryAsync<(int, long)>(new CommandDefinition(bandsSql,
                     new { ModelId = modelId, Day = day, Facility = facility, Width = width, Bands = bands }, cancellationToken: cancellationToken)))
        {
            counts[band] = episodes;
        }

        return new ScoreBands(day, counts);
    }
}
