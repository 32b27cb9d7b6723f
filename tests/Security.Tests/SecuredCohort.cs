using Dapper;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Outcomes.Analytics.DropoutRisk.Features;
using Outcomes.Analytics.DropoutRisk.Registry;
using Outcomes.Analytics.DropoutRisk.Scoring;
using Outcomes.Analytics.DropoutRisk.Training;
using Outcomes.Analytics.Periods;
using Outcomes.Analytics.Runs;
using Outcomes.Analytics.Suppression;
using Outcomes.Database.Access;
using Outcomes.Database.Connection;
using Outcomes.Ingest.Contract;
using Outcomes.Ingest.Loading;
using Outcomes.Synthetic.Cohort;
using Outcomes.TestSupport;
using Xunit;

namespace Outcomes.Security.Tests;

/// <summary>
/// A generated cohort of two facilities in its own database, loaded, analysed (a run per facility and one of both),
/// with a promoted dropout model and flags raised, so that every protected table holds rows of both facilities.
/// Logins made by a test are removed when the class is done (logins belong to the whole cluster).
/// </summary>
public sealed class SecuredCohort : IAsyncLifetime
{
    private readonly string _folder = Directory.CreateTempSubdirectory("outcomes-security-").FullName;
    private readonly List<string> _logins = [];

    public TestDatabase Database { get; } = new();

    public DateOnly EndDate { get; private set; }

    public IReadOnlyList<string> Facilities { get; private set; } = [];

    public async Task InitializeAsync()
    {
        await Database.InitializeAsync();
        var options = new CohortOptions { OutputFolder = _folder, Facilities = 2, Months = 12, Episodes = 1000, Seed = 9 };
        EndDate = options.EndDate;
        var summary = CohortGenerator.Generate(options);
        await new FolderIngestor(Database.DataSource, NullLogger.Instance).IngestAsync(summary.DropFolder, new IngestOptions { Today = EndDate });
        Facilities = await Database.QueryAsync<string>("select facility_id from facility order by 1");

        var period = ReportingPeriod.TrailingYear(EndDate);
        foreach (var facility in Facilities.Append(null))
        {
            var run = await new PeriodAnalysis(Database.DataSource, new SmallCellPolicy()).RunAsync(period, facility, EndDate);
            await AnalysisRunStore.SaveAsync(Database.DataSource, run);
        }

        var snapshots = await SnapshotQuery.LoadAsync(Database.DataSource, await SnapshotQuery.LandmarksAsync(Database.DataSource, EndDate), EndDate);
        var registry = new ModelRegistry(Database.DataSource);
        var model = await registry.SaveCandidateAsync(new DropoutModelTrainer().Train(snapshots), SnapshotQuery.DefaultHorizonDays, EndDate);
        Assert.True(await registry.PromoteAsync(model));
        var scoring = await new RiskScorer(Database.DataSource).ScoreAsync(EndDate, 20);
        Assert.True(scoring.Raised > 0, "the cohort needs flags for the worklist tests");
    }

    public async Task DisposeAsync()
    {
        Directory.Delete(_folder, recursive: true);
        await Database.DisposeAsync();
        await using var admin = new NpgsqlConnection(await TestDatabase.AdminConnectionStringAsync());
        await admin.OpenAsync();
        foreach (var login in _logins)
        {
            var drop = await admin.ExecuteScalarAsync<string>("select format('drop role if exists %I', @Login::text)", new { Login = login });
            await admin.ExecuteAsync(drop!);
        }
    }

    /// <summary>A data source of the database's owner acting as <paramref name="role"/>, as the commands connect.</summary>
    public NpgsqlDataSource As(DatabaseRole role) => NpgsqlDataSource.Create(OutcomesDatabase.ForRole(Database.ConnectionString, role));

    /// <summary>Creates a login with a password through <see cref="AccessControl"/> and returns its connection string.</summary>
    public async Task<string> LoginAsync(DatabaseRole role, params string[] facilities)
    {
        var login = "t_" + Guid.NewGuid().ToString("N")[..20];
        _logins.Add(login);
        var password = Guid.NewGuid().ToString("N");
        await AccessControl.GrantAsync(Database.DataSource, login, role, facilities, password);
        return new NpgsqlConnectionStringBuilder(Database.ConnectionString) { Username = login, Password = password, Pooling = false }.ConnectionString;
    }
}

[CollectionDefinition(Name)]
public sealed class SecuredCohortCollection : ICollectionFixture<SecuredCohort>
{
    public const string Name = "secured cohort";
}
