using Dapper;
using Npgsql;
using Outcomes.Analytics.DropoutRisk.Features;

namespace Outcomes.Analytics.DropoutRisk.Training;

/// <summary>
/// The dropout model trained on one set of programs and tested on another (say one trial's arms against a different
/// trial's): landmark snapshots at one day after admission, built exactly as for a center's patients, the label an
/// unplanned discharge within the horizon after it.
/// </summary>
public static class ExternalValidation
{
    public static async Task<TrainingResult> RunAsync(
        NpgsqlDataSource dataSource, IReadOnlyList<string> trainingPrograms, IReadOnlyList<string> testPrograms,
        int landmarkDay = 28, int horizonDays = SnapshotQuery.DefaultHorizonDays, int seed = 42, CancellationToken cancellationToken = default)
    {
        const string sql = """
            select e.episode_key as EpisodeKey, e.admitted_on + @Day as SnapshotDate
            from episode e
            join program p on p.program_key = e.program_key
            where p.source_program_id = any(@Programs)
              and (e.discharged_on is null or e.discharged_on > e.admitted_on + @Day)
            order by e.episode_key
            """;
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var through = await Runs.DataThrough.LatestAsync(connection, cancellationToken) ?? throw new InvalidOperationException("No episodes are loaded.");

        async Task<IReadOnlyList<SnapshotFeatures>> SnapshotsAsync(IReadOnlyList<string> programs)
        {
            var landmarks = (await connection.QueryAsync<(long, DateOnly)>(new CommandDefinition(
                sql, new { Day = landmarkDay, Programs = programs.ToArray() }, cancellationToken: cancellationToken))).ToList();
            return [.. (await SnapshotQuery.LoadAsync(dataSource, landmarks, through, horizonDays, cancellationToken)).Where(DropoutModelTrainer.Usable)];
        }

        var training = await SnapshotsAsync(trainingPrograms);
        var test = await SnapshotsAsync(testPrograms);
        if (training.Count < 50 || test.Count < 50)
        {
            throw new InvalidOperationException($"Too few snapshots for an external validation ({training.Count} to train on, {test.Count} to test on).");
        }

        return new DropoutModelTrainer(seed).TrainAndTest(training, test, test.Min(s => s.AdmittedOn));
    }
}
