using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Outcomes.Database.Connection;
using Outcomes.Ingest.Contract;
using Outcomes.Ingest.Loading;
using Outcomes.Synthetic.Cohort;
using Outcomes.TestSupport;

namespace Outcomes.Pipeline.Tests;

/// <summary>
/// A database of its own holding a generated cohort (two facilities, eighteen months to 30 June 2026), and a data
/// source acting as the analyst role, as the commands and jobs that run the workflows do.
/// </summary>
public sealed class IngestedCohort : IAsyncLifetime
{
    private readonly string _folder = Directory.CreateTempSubdirectory("outcomes-pipeline-").FullName;

    public TestDatabase Database { get; } = new();

    public NpgsqlDataSource Analyst { get; private set; } = null!;

    public DateOnly DataThrough { get; private set; }

    public async Task InitializeAsync()
    {
        await Database.InitializeAsync();
        var cohort = CohortGenerator.Generate(new CohortOptions { OutputFolder = _folder, Facilities = 2, Months = 18, Seed = 8 });
        await new FolderIngestor(Database.DataSource, NullLogger.Instance).IngestAsync(cohort.DropFolder, new IngestOptions { Today = new DateOnly(2026, 7, 2) });
        Analyst = NpgsqlDataSource.Create(OutcomesDatabase.ForRole(Database.ConnectionString, DatabaseRole.Analyst));
        DataThrough = await Analytics.Runs.DataThrough.LatestAsync(Database.DataSource) ?? throw new InvalidOperationException("the cohort loaded no episode");
    }

    public async Task DisposeAsync()
    {
        await Analyst.DisposeAsync();
        await Database.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }
}
