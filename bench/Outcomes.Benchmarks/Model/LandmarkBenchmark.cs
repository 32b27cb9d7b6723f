using System.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Outcomes.Analytics.DropoutRisk.Features;
using Outcomes.Analytics.DropoutRisk.Training;
using Outcomes.Database.Migrations;
using Outcomes.Ingest.Contract;
using Outcomes.Ingest.Loading;
using Outcomes.Synthetic.Cohort;
using Outcomes.Synthetic.Demo;

namespace Outcomes.Benchmarks.Model;

/// <summary>
/// <c>landmarks</c>: the whole-stay landmark set measured against the first month's on the same held-out patients of a
/// generated cohort (the demo's by default: its seed, facilities and months), loaded into a scratch database and built
/// into snapshots exactly as <c>model train</c> builds them (<see cref="LandmarkComparison"/>).
/// </summary>
internal sealed class LandmarkBenchmark(BenchContext context)
{
    public sealed record Figures(int Episodes, int Snapshots, LandmarkComparison.Result Comparison, TimeSpan Elapsed);

    public async Task<Figures> RunAsync(int? episodes, string folder, CancellationToken cancellationToken)
    {
        var options = DemoCenter.Cohort(folder) with { Episodes = episodes, DirtyRate = 0 };
        context.Output.WriteLine($"Generating {options.EpisodeCount:N0} episodes (seed {options.Seed}) ...");
        var summary = CohortGenerator.Generate(options, cancellationToken: cancellationToken);
        var admin = await ScratchDatabase.AdminConnectionStringAsync(context, cancellationToken);
        var target = await ScratchDatabase.RecreateAsync(admin, context.DatabaseName("_landmarks"), cancellationToken);
        await using var dataSource = NpgsqlDataSource.Create(target);
        await new MigrationRunner(context.Logger).MigrateAsync(dataSource, cancellationToken);
        context.Output.WriteLine("Loading it ...");
        await new FolderIngestor(dataSource, NullLogger.Instance).IngestAsync(summary.DropFolder, new IngestOptions { Today = options.EndDate }, cancellationToken: cancellationToken);

        var clock = Stopwatch.StartNew();
        var landmarks = await SnapshotQuery.LandmarksAsync(dataSource, options.EndDate, LandmarkSet.WholeStay.Days, cancellationToken);
        context.Output.WriteLine($"Building {landmarks.Count:N0} snapshots and training on both landmark sets ...");
        var snapshots = await SnapshotQuery.LoadAsync(dataSource, landmarks, options.EndDate, SnapshotQuery.DefaultHorizonDays, cancellationToken);
        var comparison = LandmarkComparison.Compare(snapshots, LandmarkSet.FirstMonth, LandmarkSet.WholeStay);
        return new Figures(options.EpisodeCount, snapshots.Count, comparison, clock.Elapsed);
    }
}
