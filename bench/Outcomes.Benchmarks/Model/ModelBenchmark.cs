using System.Diagnostics;
using Npgsql;
using Outcomes.Analytics.DropoutRisk.Features;
using Outcomes.Analytics.DropoutRisk.Registry;
using Outcomes.Analytics.DropoutRisk.Scoring;
using Outcomes.Analytics.DropoutRisk.Training;
using Outcomes.Benchmarks.Analysis;
using Outcomes.Synthetic.Snapshots;

namespace Outcomes.Benchmarks.Model;

/// <summary>
/// <c>model</c>: training and scoring speed at a million landmark rows drawn from a known risk model,
/// then scoring every patient in care on the last day of the analysis benchmark's generated history (features read
/// from the database, reasons, flags) with that model promoted there.
/// </summary>
internal sealed class ModelBenchmark(BenchContext context)
{
    public sealed record Figures(
        int Rows, TimeSpan Training, TimeSpan Scoring, TimeSpan Explaining, long HistoryEpisodes, int InCare, TimeSpan ScoringInCare,
        IReadOnlyList<(string Step, TimeSpan Elapsed)> InCareSteps);

    public async Task<Figures> RunAsync(int rows, int episodes, CancellationToken cancellationToken)
    {
        context.Output.WriteLine($"Drawing {rows:N0} landmark snapshots from a known risk model ...");
        var (snapshots, _) = KnownRiskSnapshots.Generate(rows, seed: 1);

        context.Output.WriteLine("Training (gradient-boosted trees, logistic regression, the rule; evaluation with bootstrap intervals) ...");
        var clock = Stopwatch.StartNew();
        var result = new DropoutModelTrainer().Train(snapshots);
        var training = clock.Elapsed;

        var model = new ScoringModel(result.ModelBytes, null, result.Explanation);
        clock.Restart();
        model.Predict(snapshots);
        var scoring = clock.Elapsed;
        clock.Restart();
        RiskReasons.Explain(model, snapshots);
        var explaining = clock.Elapsed;

        var end = new DateOnly(2026, 10, 31);
        var connectionString = await new AnalysisBenchmark(context).PrepareDatabaseAsync(episodes, 20, end, cancellationToken);
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        var registry = new ModelRegistry(dataSource);
        var id = await registry.SaveCandidateAsync(result, SnapshotQuery.DefaultHorizonDays, end, cancellationToken);
        await registry.PromoteAsync(id, cancellationToken);
        context.Output.WriteLine($"Scoring every patient in care on {end:yyyy-MM-dd} in the generated history ...");
        clock.Restart();
        var scored = await new RiskScorer(dataSource).ScoreAsync(end, 10, cancellationToken);
        var inCare = clock.Elapsed;
        return new Figures(rows, training, scoring, explaining, episodes, scored.Scored, inCare, scored.Steps);
    }
}
