using System.Text.Json;
using Dapper;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;
using Outcomes.Analytics.Periods;
using Outcomes.Analytics.Suppression;
using Outcomes.Analytics.Targets;
using Outcomes.Database.Access;
using Outcomes.Database.Connection;
using Outcomes.Ingest.Contract;
using Outcomes.Ingest.Loading;
using Outcomes.Jobs.Configuration;
using Outcomes.Jobs.MonthlyReports;
using Outcomes.Jobs.Runs;
using Outcomes.Pipeline.Reports;
using Outcomes.Reports.Output;
using Outcomes.Synthetic.Cohort;
using Outcomes.Synthetic.Demo;
using Outcomes.TestSupport;

namespace Outcomes.Web.Tests.Dashboard;

/// <summary>
/// <c>outcomes serve</c> over a generated cohort of two facilities that ends on a fixed day (so the dashboard's picture
/// is the same every run), with the demo center's targets, and with the files the report jobs write in its reports
/// folder, a folder per population: the month's workbook of all facilities and of each facility written by the
/// monthly-report job itself (which stores each facility's own runs), and the year's chart pack and annual review of all
/// facilities, written by the same workflow the jobs call (which stores the runs they read first). Logins: a director who sees every facility, under a fixed name
/// (it shows in the screenshot), and one limited to the first facility.
/// </summary>
public sealed class DashboardServer : IAsyncLifetime
{
    public const string Password = "a long passphrase for the dashboard tests";

    /// <summary>The director's login, the same every run: it shows in docs/images/web-dashboard.png.</summary>
    public const string DirectorLogin = "director_dashboard";

    /// <summary>The cohort's last day: the dashboard shows its month by default.</summary>
    public static readonly DateOnly EndDate = new(2026, 6, 30);

    public static readonly ReportingPeriod Month = ReportingPeriod.MonthOf(EndDate);

    private readonly string _folder = Directory.CreateTempSubdirectory("outcomes-dashboard-").FullName;
    private readonly List<string> _logins = [];
    private CliProcess? _server;

    public TestDatabase Database { get; } = new();

    public IReadOnlyList<string> Facilities { get; private set; } = [];

    public string BaseUrl { get; private set; } = "";

    public string LimitedLogin { get; private set; } = "";

    /// <summary>The reports folder the server lists its downloads from.</summary>
    public string ReportsFolder => Path.Combine(_folder, "reports");

    /// <summary>The folder of a population's files (null: all facilities), as the monthly-report job names it.</summary>
    public string FolderOf(string? facility) => Path.Combine(ReportsFolder, SafeFileName.From(facility is null ? FacilityScope.AllName : FacilityScope.Of(facility).Name));

    public async Task InitializeAsync()
    {
        await Database.InitializeAsync();
        var summary = CohortGenerator.Generate(new CohortOptions { OutputFolder = Path.Combine(_folder, "cohort"), Facilities = 2, Months = 24, Episodes = 1600, Seed = 25, EndDate = EndDate });
        await new FolderIngestor(Database.DataSource, NullLogger.Instance).IngestAsync(summary.DropFolder, new IngestOptions { Today = EndDate });
        Facilities = await Database.QueryAsync<string>("select facility_id from facility order by 1");
        await DemoCenter.SetTargetsOnceAsync(new TargetStore(Database.DataSource), EndDate.AddYears(-2));

        var reports = new WriteMonthlyReports(Database.DataSource, Database.DataSource, new SmallCellPolicy());
        await reports.RunAsync(new ReportRequest
        {
            Month = Month, ChartPack = ReportingPeriod.Year(EndDate.Year), AnnualReview = EndDate.Year,
            Population = FacilityScope.All, Folder = FolderOf(null), DataThrough = EndDate,
        });
        // The month's workbooks of each facility and of all as the monthly-report job writes them: each facility's from its
        // own runs, stored by the job, which a login limited to the facility finds (row-level security hides it the runs
        // of all facilities).
        await using (var roles = new RoleDataSources(Database.DataSource, Database.ConnectionString))
        {
            var options = new JobsOptions { ReportsFolder = ReportsFolder };
            await new MonthlyReportJob(roles, new JobExecution(roles, NullLogger<JobExecution>.Instance), Options.Create(options), TimeProvider.System)
                .RunForMonthAsync(Month, null, CancellationToken.None);
        }

        await LoginAsync(DirectorLogin, DatabaseRole.Analyst);
        LimitedLogin = await LoginAsync("w_" + Guid.NewGuid().ToString("N")[..16], DatabaseRole.Analyst, Facilities[0]);

        var port = ServeProcess.FreePort();
        BaseUrl = $"http://127.0.0.1:{port}";
        var config = Path.Combine(_folder, "outcomes.jobs.json");
        var never = "0 0 1 1 *";
        await File.WriteAllTextAsync(config, JsonSerializer.Serialize(new
        {
            Jobs = new JobsOptions
            {
                Sources = [new SourceOptions { Name = "dashboard", Folder = Directory.CreateDirectory(Path.Combine(_folder, "inbox")).FullName }],
                ReportsFolder = ReportsFolder,
                Schedules = new ScheduleOptions { Pull = never, Nightly = never, Weekly = never, Monthly = never, ModelCheck = never, DataQuality = never },
                Dashboard = new DashboardOptions { Urls = BaseUrl },
                // No nightly backup of a test database into the checkout's home folder, no retention run mid-test.
                Backups = new BackupOptions { Enabled = false },
                Retention = new RetentionOptions { Schedule = never },
            },
        }));
        _server = CliProcess.StartIn(Database.ConnectionString, _folder, "serve", "--config", config, "--server-name", "dashboard-tests");
        await ServeProcess.WaitUntilServingAsync(_server, BaseUrl);
    }

    public Task DisposeAsync() => ServeProcess.TearDownAsync(_server, Database, _logins, _folder);

    /// <summary>What the server printed, for a failing test's message.</summary>
    public string ServerOutput => _server is null ? "" : _server.Output + _server.Errors;

    private async Task<string> LoginAsync(string login, DatabaseRole role, params string[] facilities)
    {
        _logins.Add(login);
        await AccessControl.GrantAsync(Database.DataSource, login, role, facilities, Password);
        return login;
    }
}

[CollectionDefinition(Name)]
public sealed class DashboardServerCollection : ICollectionFixture<DashboardServer>
{
    public const string Name = "dashboard server";
}
