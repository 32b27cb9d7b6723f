using Dapper;
using Npgsql;
using Outcomes.Analytics.DropoutRisk.Features;
using Outcomes.Analytics.DropoutRisk.Training;
using Outcomes.Analytics.Runs;

namespace Outcomes.Analytics.DropoutRisk.Registry;

/// <summary>
/// The scheduled retraining: train a candidate on everything loaded once enough IOP and PHP episodes have ended since
/// the promoted model's data, and promote it only when <see cref="PromotionCheck"/> finds it at least as good. Never
/// trains twice on the same data-through date.
/// </summary>
public sealed class Retraining(NpgsqlDataSource dataSource)
{
    public sealed record Outcome(string Decision, long? CandidateId, bool Promoted, int NewDischarges, string Summary);

    public async Task<Outcome> RunAsync(int minimumNewDischarges, int horizonDays = SnapshotQuery.DefaultHorizonDays, CancellationToken cancellationToken = default)
    {
        var through = await DataThrough.LatestAsync(dataSource, cancellationToken);
        if (through is null)
        {
            return new Outcome("nothing_loaded", null, false, 0, "no episodes are loaded yet");
        }

        var registry = new ModelRegistry(dataSource);
        var models = await registry.ListAsync(cancellationToken);
        if (models.FirstOrDefault(m => m.DataThrough == through && m.Status != "retired") is { } same)
        {
            return new Outcome("already_trained", same.ModelId, false, 0, $"model {same.ModelId} was already trained on the data through {through:yyyy-MM-dd}");
        }

        var promoted = models.FirstOrDefault(m => m.Status == "promoted");
        var newDischarges = promoted is null ? 0 : await NewDischargesAsync(promoted.DataThrough, through.Value, cancellationToken);
        if (promoted is not null && newDischarges < minimumNewDischarges)
        {
            return new Outcome("waiting", null, false, newDischarges,
                $"{newDischarges} IOP/PHP episodes ended since model {promoted.ModelId}'s data (through {promoted.DataThrough:yyyy-MM-dd}); retraining waits for {minimumNewDischarges}");
        }

        var landmarks = await SnapshotQuery.LandmarksAsync(dataSource, through.Value, cancellationToken);
        var snapshots = await SnapshotQuery.LoadAsync(dataSource, landmarks, through.Value, horizonDays, cancellationToken);
        var result = new DropoutModelTrainer().Train(snapshots);
        var candidate = await registry.SaveCandidateAsync(result, horizonDays, through.Value, cancellationToken);
        var verdict = await new PromotionCheck(dataSource).CheckAsync(candidate, cancellationToken);
        var promotedNow = verdict.AtLeastAsGood && await registry.PromoteAsync(candidate, cancellationToken);
        return new Outcome(promotedNow ? "promoted" : "kept_candidate", candidate, promotedNow, newDischarges,
            promotedNow
                ? $"model {candidate} trained on {result.TrainingRows:N0} snapshots and promoted ({verdict.Reason})"
                : $"model {candidate} trained on {result.TrainingRows:N0} snapshots stays a candidate: {verdict.Reason}");
    }

    private async Task<int> NewDischargesAsync(DateOnly since, DateOnly through, CancellationToken cancellationToken)
    {
        const string sql = """
            select count(*)::int from episode e join program p on p.program_key = e.program_key
            where p.level_of_care in ('iop', 'php') and e.discharged_on > @Since and e.discharged_on <= @Through
            """;
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<int>(new CommandDefinition(sql, new { Since = since, Through = through }, cancellationToken: cancellationToken));
    }
}
