using Dapper;
using Microsoft.Extensions.Logging.Abstractions;
using Outcomes.Analytics.DropoutRisk.Features;
using Outcomes.Analytics.DropoutRisk.Registry;
using Outcomes.Analytics.DropoutRisk.Scoring;
using Outcomes.Analytics.DropoutRisk.Training;
using Outcomes.Analytics.Periods;
using Outcomes.Analytics.Suppression;
using Outcomes.Ingest.Contract;
using Outcomes.Ingest.Loading;
using Outcomes.Synthetic.Cohort;
using Outcomes.TestSupport;
using Xunit;

namespace Outcomes.Reports.Tests;

/// <summary>
/// One database for the report tests: a generated cohort ingested, a dropout model trained, promoted and used to
/// score the last day, and two planted hazards: a file name in the load ledger and a source patient id that a
/// spreadsheet would run as formulas. Load times are fixed so that the ledger reads the same every day.
/// </summary>
public sealed class ReportDatabase : IAsyncLifetime
{
    public const string FormulaFileName = "=HYPERLINK(\"http://example.org\",\"open\")";
    public const string FormulaPatientId = "=1+2";
    public const int Capacity = 5;

    private readonly string _folder = Directory.CreateTempSubdirectory("outcomes-reports-").FullName;

    public TestDatabase Database { get; } = new();

    internal CohortOptions Options { get; private set; } = null!;

    public ReportingPeriod Month => ReportingPeriod.Parse("2026-05");

    public SmallCellPolicy Policy { get; } = new();

    public string NewFolder(string name) => Directory.CreateDirectory(Path.Combine(_folder, name, Guid.NewGuid().ToString("N")[..8])).FullName;

    public async Task InitializeAsync()
    {
        await Database.InitializeAsync();
        // The same PHP share at both facilities: the reports are checked against a cohort whose months show enough
        // unsuppressed figures, which the generator's default facility confounding (a smaller PHP share at one) thins.
        Options = new CohortOptions
        {
            OutputFolder = Path.Combine(_folder, "cohort"), Facilities = 2, Months = 18, Episodes = 1800, Seed = 5, PhpEntryShares = [0.30, 0.30],
        };
        var summary = CohortGenerator.Generate(Options);
        await new FolderIngestor(Database.DataSource, NullLogger.Instance).IngestAsync(summary.DropFolder, new IngestOptions { Today = Options.EndDate });
        var snapshots = await SnapshotQuery.LoadAsync(Database.DataSource, await SnapshotQuery.LandmarksAsync(Database.DataSource, Options.EndDate), Options.EndDate);
        var registry = new ModelRegistry(Database.DataSource);
        var id = await registry.SaveCandidateAsync(new DropoutModelTrainer().Train(snapshots), SnapshotQuery.DefaultHorizonDays, Options.EndDate);
        await registry.PromoteAsync(id);
        await new RiskScorer(Database.DataSource).ScoreAsync(new DateOnly(2026, 5, 20), Capacity);
        await new RiskScorer(Database.DataSource).ScoreAsync(Options.EndDate, Capacity);

        await using var connection = await Database.DataSource.OpenConnectionAsync();
        await connection.ExecuteAsync("update ingest_batch set started_at = '2026-06-30 12:00:00+00', finished_at = '2026-06-30 12:01:00+00'");
        await connection.ExecuteAsync("""
            insert into ingest_batch (run_id, file_name, entity, sha256, status, software_version, started_at, finished_at)
            values ('00000000-0000-0000-0000-000000000001', @Name, 'sessions', 'planted', 'rejected', 'test', '2026-06-30 13:00:00+00', '2026-06-30 13:00:01+00')
            """, new { Name = FormulaFileName });
        await connection.ExecuteAsync("""
            update patient_identity set source_patient_id = @Id
            where patient_key = (select e.patient_key from risk_score r join episode e on e.episode_key = r.episode_key
                                 where r.flagged and r.scored_on = @Day order by e.facility_id, r.rank_in_facility limit 1)
            """, new { Id = FormulaPatientId, Day = Options.EndDate });
    }

    public async Task DisposeAsync()
    {
        await Database.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }
}

[CollectionDefinition(Name)]
public sealed class ReportDatabaseCollection : ICollectionFixture<ReportDatabase>
{
    public const string Name = "report database";
}
