using System.Text.Json;
using Dapper;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Outcomes.Analytics.DropoutRisk.Features;
using Outcomes.Analytics.DropoutRisk.Registry;
using Outcomes.Analytics.DropoutRisk.Scoring;
using Outcomes.Analytics.DropoutRisk.Training;
using Outcomes.Database.Access;
using Outcomes.Database.Connection;
using Outcomes.Ingest.Contract;
using Outcomes.Ingest.Loading;
using Outcomes.Jobs.Configuration;
using Outcomes.Synthetic.Cohort;
using Outcomes.TestSupport;

namespace Outcomes.Web.Tests;

/// <summary>
/// <c>outcomes serve</c> in a process of its own, on a free loopback port, over a generated cohort of two facilities that
/// ends today, with a promoted dropout model and today's flags raised, and logins made through <c>outcomes access</c>'s
/// code: a quality analyst who sees every facility (with a fixed name, <see cref="QualityLoginName"/>, so that the
/// screenshots of docs/ do not change from run to run), one limited to the first facility, one kept for the lockout,
/// and a reporter. Logins are removed when the class is done (they belong to the whole cluster).
/// </summary>
public sealed class WebServer : IAsyncLifetime
{
    public const string Password = "a long passphrase for the web tests";

    /// <summary>The quality analyst's login, shown in the pages' header and so in the screenshots.</summary>
    public const string QualityLoginName = "web_quality_lead";

    /// <summary>Flags on a page of the worklist: fewer than the cohort's flags, so that paging is seen at work.</summary>
    public const int WorklistPageSize = 6;

    private readonly string _folder = Directory.CreateTempSubdirectory("outcomes-web-").FullName;
    private readonly List<string> _logins = [];
    private CliProcess? _server;

    public TestDatabase Database { get; } = new();

    public IReadOnlyList<string> Facilities { get; private set; } = [];

    public string BaseUrl { get; private set; } = "";

    public string QualityLogin { get; private set; } = "";

    public string LimitedLogin { get; private set; } = "";

    public string LockoutLogin { get; private set; } = "";

    public string ReporterLogin { get; private set; } = "";

    public async Task InitializeAsync()
    {
        await Database.InitializeAsync();
        var today = DateOnly.FromDateTime(TimeProvider.System.GetUtcNow().UtcDateTime);
        var summary = CohortGenerator.Generate(new CohortOptions { OutputFolder = Path.Combine(_folder, "cohort"), Facilities = 2, Months = 12, Episodes = 1000, Seed = 9, EndDate = today });
        await new FolderIngestor(Database.DataSource, NullLogger.Instance).IngestAsync(summary.DropFolder, new IngestOptions { Today = today });
        Facilities = await Database.QueryAsync<string>("select facility_id from facility order by 1");

        var snapshots = await SnapshotQuery.LoadAsync(Database.DataSource, await SnapshotQuery.LandmarksAsync(Database.DataSource, today), today);
        var registry = new ModelRegistry(Database.DataSource);
        var model = await registry.SaveCandidateAsync(new DropoutModelTrainer().Train(snapshots), SnapshotQuery.DefaultHorizonDays, today);
        Assert.True(await registry.PromoteAsync(model));
        var scoring = await new RiskScorer(Database.DataSource).ScoreAsync(today, 10);
        Assert.True(await Database.ScalarAsync<long>("select count(distinct facility_id) from risk_flag") == 2,
            $"the web tests need flags in both facilities ({scoring.Raised} raised)");

        QualityLogin = await NamedLoginAsync(DatabaseRole.Analyst, QualityLoginName);
        LimitedLogin = await LoginAsync(DatabaseRole.Analyst, Facilities[0]);
        LockoutLogin = await LoginAsync(DatabaseRole.Analyst);
        ReporterLogin = await LoginAsync(DatabaseRole.Reporter);

        var port = ServeProcess.FreePort();
        BaseUrl = $"http://127.0.0.1:{port}";
        var config = Path.Combine(_folder, "outcomes.jobs.json");
        var never = "0 0 1 1 *";
        await File.WriteAllTextAsync(config, JsonSerializer.Serialize(new
        {
            Jobs = new JobsOptions
            {
                Sources = [new SourceOptions { Name = "web", Folder = Directory.CreateDirectory(Path.Combine(_folder, "inbox")).FullName }],
                ReportsFolder = Path.Combine(_folder, "reports"),
                Schedules = new ScheduleOptions { Pull = never, Nightly = never, Weekly = never, Monthly = never, ModelCheck = never, DataQuality = never },
                Dashboard = new DashboardOptions { Urls = BaseUrl },
                Web = new WebOptions { WorklistPageSize = WorklistPageSize },
                // No nightly backup of a test database into the checkout's home folder.
                Backups = new BackupOptions { Enabled = false },
                Retention = new RetentionOptions { Schedule = never },
            },
        }));
        _server = CliProcess.StartIn(Database.ConnectionString, _folder, "serve", "--config", config, "--server-name", "web-tests");
        await ServeProcess.WaitUntilServingAsync(_server, BaseUrl);
    }

    public Task DisposeAsync() => ServeProcess.TearDownAsync(_server, Database, _logins, _folder);

    /// <summary>What the server printed, for a failing test's message.</summary>
    public string ServerOutput => _server is null ? "" : _server.Output + _server.Errors;

    private Task<string> LoginAsync(DatabaseRole role, params string[] facilities) =>
        NamedLoginAsync(role, "w_" + Guid.NewGuid().ToString("N")[..16], facilities);

    private async Task<string> NamedLoginAsync(DatabaseRole role, string login, params string[] facilities)
    {
        _logins.Add(login);
        await AccessControl.GrantAsync(Database.DataSource, login, role, facilities, Password);
        return login;
    }
}

[CollectionDefinition(Name)]
public sealed class WebServerCollection : ICollectionFixture<WebServer>
{
    public const string Name = "web server";
}
