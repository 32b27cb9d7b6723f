using Dapper;
using Microsoft.ML;
using Npgsql;
using NpgsqlTypes;
using Outcomes.Analytics.DropoutRisk.Features;
using Outcomes.Analytics.DropoutRisk.Registry;
using Outcomes.Analytics.DropoutRisk.Training;

namespace Outcomes.Analytics.DropoutRisk.Scoring;

/// <summary>
/// Scores every IOP and PHP episode in care on a day with the promoted model, from data dated on or before
/// that day, and flags in each facility the highest risks the quality team has capacity to follow up.
/// Scoring the same day again with the same model replaces that day's scores.
/// </summary>
public sealed class RiskScorer(NpgsqlDataSource dataSource)
{
    public async Task<ScoringResult> ScoreAsync(DateOnly day, int capacityPerFacility, CancellationToken cancellationToken = default)
    {
        var promoted = await new ModelRegistry(dataSource).LoadPromotedAsync(cancellationToken)
            ?? throw new InvalidOperationException("No dropout model is promoted: train one (outcomes model train) and promote it first.");

        const string activeSql = """
            select e.episode_key as EpisodeKey, @Day as SnapshotDate
            from episode e
            join program p on p.program_key = e.program_key
            where p.level_of_care in ('iop', 'php') and e.admitted_on <= @Day
              and (e.discharged_on is null or e.discharged_on > @Day)
            order by e.episode_key
            """;
        IReadOnlyList<(long, DateOnly)> active;
        await using (var connection = await dataSource.OpenConnectionAsync(cancellationToken))
        {
            active = [.. await connection.QueryAsync<(long, DateOnly)>(new CommandDefinition(activeSql, new { Day = day }, commandTimeout: 0, cancellationToken: cancellationToken))];
        }

        var features = await SnapshotQuery.LoadAsync(dataSource, active, day, cancellationToken: cancellationToken);
        var ml = new MLContext(0);
        using var stream = new MemoryStream(promoted.Bytes);
        var model = ml.Model.Load(stream, out _);
        var engine = ml.Model.CreatePredictionEngine<ModelInput, ModelOutput>(model);
        var scored = features.Select(f => (Features: f, Probability: (double)engine.Predict(ModelInput.From(f)).Probability)).ToList();

        var rows = scored.GroupBy(s => s.Features.FacilityId)
            .SelectMany(g => g.OrderByDescending(s => s.Probability).Select((s, i) => (s.Features, s.Probability, Rank: i + 1, Flagged: i < capacityPerFacility)))
            .ToList();
        await SaveAsync(promoted.ModelId, day, rows, cancellationToken);
        return new ScoringResult(promoted.ModelId, day, rows.Count, rows.Count(r => r.Flagged),
            [.. rows.Where(r => r.Flagged).OrderBy(r => r.Features.FacilityId, StringComparer.Ordinal).ThenBy(r => r.Rank)
                .Select(r => new FlaggedEpisode(r.Features.EpisodeKey, r.Features.FacilityId, r.Rank, r.Probability, RiskReasons.For(r.Features)))]);
    }

    private async Task SaveAsync(
        long modelId, DateOnly day, IReadOnlyList<(SnapshotFeatures Features, double Probability, int Rank, bool Flagged)> rows, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "delete from risk_score where model_id = @ModelId and scored_on = @Day", new { ModelId = modelId, Day = day }, transaction, cancellationToken: cancellationToken));
        await using (var importer = await connection.BeginBinaryImportAsync(
            "copy risk_score (model_id, episode_key, scored_on, probability, flagged, rank_in_facility, reasons) from stdin (format binary)", cancellationToken))
        {
            foreach (var (features, probability, rank, flagged) in rows)
            {
                await importer.StartRowAsync(cancellationToken);
                await importer.WriteAsync(modelId, NpgsqlDbType.Bigint, cancellationToken);
                await importer.WriteAsync(features.EpisodeKey, NpgsqlDbType.Bigint, cancellationToken);
                await importer.WriteAsync(day, NpgsqlDbType.Date, cancellationToken);
                await importer.WriteAsync(probability, NpgsqlDbType.Double, cancellationToken);
                await importer.WriteAsync(flagged, NpgsqlDbType.Boolean, cancellationToken);
                await importer.WriteAsync(rank, NpgsqlDbType.Integer, cancellationToken);
                await importer.WriteAsync(RiskReasons.For(features).ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Text, cancellationToken);
            }

            await importer.CompleteAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }
}
