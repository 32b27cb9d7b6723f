using System.Globalization;
using Dapper;
using Npgsql;
using Outcomes.Analytics.DropoutRisk.Features;
using Outcomes.Analytics.DropoutRisk.Registry;
using Outcomes.Analytics.DropoutRisk.Training;
using Outcomes.Analytics.Runs;

namespace Outcomes.Pipeline.DropoutModel;

/// <summary>
/// Train → store the candidate → promote it by the request's rule: <c>outcomes model train</c>, the demo and the weekly
/// retraining job. Landmark snapshots of past episodes at the default landmark days (<see cref="LandmarkSet.Default"/>);
/// earlier admissions train, later ones test.
/// </summary>
public sealed class TrainAndPromote(NpgsqlDataSource analyst)
{
    /// <param name="request">On which data, when to skip, and the promotion rule.</param>
    /// <param name="training">Called with the number of landmark snapshots and the data-through day just before the
    /// features are built (the slow part), so a command can say what it is doing.</param>
    /// <param name="cancellationToken">Stops the work between statements.</param>
    public async Task<TrainingOutcome> RunAsync(
        TrainingRequest request, Action<int, DateOnly>? training = null, CancellationToken cancellationToken = default)
    {
        var through = request.DataThrough ?? await DataThrough.LatestAsync(analyst, cancellationToken);
        if (through is not { } day)
        {
            return new TrainingOutcome(TrainingDecision.NothingLoaded, null, null, null, null, null, 0, "no episodes are loaded yet");
        }

        var registry = new ModelRegistry(analyst);
        var models = request.OncePerDataThrough || request.MinimumNewDischarges is not null ? await registry.ListAsync(cancellationToken) : [];
        if (request.OncePerDataThrough && models.FirstOrDefault(m => m.DataThrough == day && m.Status != ModelStatus.Retired) is { } same)
        {
            return new TrainingOutcome(TrainingDecision.AlreadyTrained, day, same.ModelId, same, null, null, 0,
                $"model {same.ModelId} was already trained on the data through {day:yyyy-MM-dd}");
        }

        var newDischarges = 0;
        if (request.MinimumNewDischarges is { } minimum && models.FirstOrDefault(m => m.Status == ModelStatus.Promoted) is { } promoted)
        {
            newDischarges = await NewDischargesAsync(promoted.DataThrough, day, cancellationToken);
            if (newDischarges < minimum)
            {
                return new TrainingOutcome(TrainingDecision.Waiting, day, null, null, null, null, newDischarges,
                    $"{newDischarges} IOP/PHP episodes ended since model {promoted.ModelId}'s data (through {promoted.DataThrough:yyyy-MM-dd}); retraining waits for {minimum}");
            }
        }

        var landmarks = await SnapshotQuery.LandmarksAsync(analyst, day, cancellationToken);
        training?.Invoke(landmarks.Count, day);
        var snapshots = await SnapshotQuery.LoadAsync(analyst, landmarks, day, request.HorizonDays, cancellationToken);
        var result = new DropoutModelTrainer { OperatingPoint = request.OperatingPoint }.Train(snapshots);
        var candidate = await registry.SaveCandidateAsync(result, request.HorizonDays, day, cancellationToken);
        var promotion = await new ModelPromotion(analyst).ApplyAsync(candidate, request.Promotion, cancellationToken);
        return new TrainingOutcome(TrainingDecision.Trained, day, candidate, null, result, promotion, newDischarges, Summary(candidate, result, promotion));
    }

    private static string Summary(long candidate, TrainingResult result, PromotionOutcome? promotion)
    {
        var trained = string.Create(CultureInfo.InvariantCulture, $"model {candidate} trained on {result.TrainingRows:N0} snapshots");
        if (result.GuardFailures.Count > 0)
        {
            return $"{trained} failed its guards and is not promoted: {string.Join("; ", result.GuardFailures)}";
        }

        return promotion switch
        {
            null => $"{trained} is stored as a candidate",
            { Verdict: { } verdict, Promoted: true } => $"{trained} and promoted ({verdict.Reason})",
            { Verdict: { } verdict } => $"{trained} stays a candidate: {verdict.Reason}",
            { Promoted: true } => $"{trained} and promoted: no model was promoted yet",
            _ => $"{trained} stays a candidate: another model is promoted",
        };
    }

    private async Task<int> NewDischargesAsync(DateOnly since, DateOnly through, CancellationToken cancellationToken)
    {
        const string sql = """
            select count(*)::int from episode e join program p on p.program_key = e.program_key
            where p.level_of_care in ('iop', 'php') and e.discharged_on > @Since and e.discharged_on <= @Through
            """;
        await using var connection = await analyst.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<int>(new CommandDefinition(sql, new { Since = since, Through = through }, cancellationToken: cancellationToken));
    }
}
