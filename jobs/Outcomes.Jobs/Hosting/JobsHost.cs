using Dapper;
using Hangfire;
using Hangfire.PostgreSql;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using Outcomes.Jobs.Backups;
using Outcomes.Jobs.Configuration;
using Outcomes.Jobs.Dashboard;
using Outcomes.Jobs.DataQuality;
using Outcomes.Jobs.Health;
using Outcomes.Jobs.MonthlyReports;
using Outcomes.Jobs.Nightly;
using Outcomes.Jobs.Pull;
using Outcomes.Jobs.ModelRetraining;
using Outcomes.Jobs.Runs;
using Outcomes.Jobs.Telemetry;
using Outcomes.Database.Connection;
using Outcomes.Database.Locks;
using Outcomes.Database.Migrations;
using Outcomes.Pipeline.Alerts;
using Outcomes.Web;
using Outcomes.Web.Hosting;

namespace Outcomes.Jobs.Hosting;

/// <summary>
/// <c>outcomes serve</c>: a Generic Host running a Hangfire server on PostgreSQL storage (schema "hangfire" in the
/// Outcomes database), the recurring jobs of <see cref="JobsOptions.Schedules"/>, and the dashboard on loopback
/// unless configured otherwise. Several servers may share one database: each job runs once, on one of them.
/// </summary>
public static class JobsHost
{
    public const string Schema = "hangfire";
    public const string DashboardPath = "/hangfire";

    /// <summary>Storage settings shared by the server and by <c>outcomes status</c>.</summary>
    public static PostgreSqlStorageOptions StorageOptions(JobsOptions options, bool prepareSchema = true) => new()
    {
        SchemaName = Schema,
        PrepareSchemaIfNecessary = prepareSchema,
        // A job held by a server that died becomes visible to the others after this long; live servers renew it.
        InvisibilityTimeout = TimeSpan.FromSeconds(options.InvisibilitySeconds),
        UseSlidingInvisibilityTimeout = true,
        QueuePollInterval = TimeSpan.FromSeconds(Math.Min(options.PollingSeconds, 5)),
        DistributedLockTimeout = TimeSpan.FromMinutes(1),
    };

    // has_table_privilege with a list is true when any one is held: each privilege is asked for alone.
    private const string HangfireGrantsMissingSql = """
        select not has_schema_privilege('outcomes_admin', 'hangfire', 'usage')
            or exists (
                select 1 from pg_class c join pg_namespace n on n.oid = c.relnamespace
                where n.nspname = 'hangfire' and c.relkind in ('r', 'p')
                  and not (has_table_privilege('outcomes_admin', c.oid, 'select') and has_table_privilege('outcomes_admin', c.oid, 'insert')
                       and has_table_privilege('outcomes_admin', c.oid, 'update') and has_table_privilege('outcomes_admin', c.oid, 'delete')))
            or exists (
                select 1 from pg_class c join pg_namespace n on n.oid = c.relnamespace
                where n.nspname = 'hangfire' and c.relkind = 'S'
                  and not (has_sequence_privilege('outcomes_admin', c.oid, 'usage') and has_sequence_privilege('outcomes_admin', c.oid, 'select')
                       and has_sequence_privilege('outcomes_admin', c.oid, 'update')))
        """;

    /// <summary>
    /// Creates Hangfire's schema, or brings it up to date, through a login that may create objects (the management
    /// login), then grants it to the administrator role (db/grants.sql): the server's own login may not create objects
    /// (docs/security.md) and finds the schema current when it starts. Servers starting at once take turns (a lock of its
    /// own: the migration lock is taken inside, by the migration runner): one's install while another granted on the same
    /// tables failed with "could not find tuple for constraint", and two creating the schema at once with a duplicate key.
    /// </summary>
    public static async Task PrepareStorageAsync(NpgsqlDataSource management, ILogger logger, CancellationToken cancellationToken)
    {
        await using var connection = await management.OpenConnectionAsync(cancellationToken);
        await using (await AdvisoryLock.AcquireAsync(connection, AdvisoryLockKey.Hashed("outcomes-serve-setup"), Timeout.InfiniteTimeSpan, cancellationToken))
        {
            PostgreSqlObjectsInstaller.Install(connection, Schema);
            // Only when the install made something the administrator role was not granted (the first start, a newer
            // Hangfire): applying the grants takes the migration lock, which waits for jobs other servers are running.
            if (await connection.ExecuteScalarAsync<bool>(new CommandDefinition(HangfireGrantsMissingSql, cancellationToken: cancellationToken)))
            {
                await MigrationRunner.ForgetGrantsAsync(management, cancellationToken);
                await new MigrationRunner(logger).MigrateAsync(management, cancellationToken);
            }
        }
    }

    /// <param name="jsonLogs">JSON lines on standard error; null: as <c>OUTCOMES_LOG_FORMAT</c> says (<see cref="ConsoleLogs"/>).</param>
    /// <param name="managementConnectionString">
    /// The management login, for the backup and the restore drill (a dump reads every row; the drill creates its scratch
    /// database); without it they are not scheduled.
    /// </param>
    /// <param name="readConnectionString">
    /// The hot standby the web pages read from (<c>OUTCOMES_READ_CONNECTION</c>, checked to be a standby by the caller);
    /// null: they read the primary. The jobs always work on the primary.
    /// </param>
    public static IHost Build(
        JobsOptions options, string connectionString, NpgsqlDataSource dataSource, TimeProvider time, string? serverName = null,
        IReadOnlyDictionary<DatabaseRole, string>? roleLogins = null, string? managementConnectionString = null, bool? jsonLogs = null,
        string? readConnectionString = null)
    {
        var json = jsonLogs ?? ConsoleLogs.JsonFromEnvironment();
        var problems = JobsOptionsValidator.Problems(options);
        if (problems.Count > 0)
        {
            throw new InvalidOperationException("The jobs configuration has problems:" + Environment.NewLine + string.Join(Environment.NewLine, problems.Select(p => "  " + p)));
        }

        if (!options.Dashboard.Enabled)
        {
            var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { ApplicationName = "outcomes", DisableDefaults = true });
            ConfigureLogging(builder.Logging, json);
            ConfigureServices(builder.Services, options, connectionString, dataSource, time, serverName, roleLogins, managementConnectionString);
            return Prepare(builder.Build(), options);
        }

        var web = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ApplicationName = "outcomes", ContentRootPath = AppContext.BaseDirectory });
        web.WebHost.UseUrls(options.Dashboard.Urls);
        if (!string.IsNullOrWhiteSpace(options.Dashboard.CertificateFile))
        {
            // Checked by the validator above; the slim builder serves https only when asked to.
            var certificate = ServerCertificate.Load(options.Dashboard).Certificate!;
            web.WebHost.UseKestrelHttpsConfiguration();
            web.WebHost.ConfigureKestrel(kestrel => kestrel.ConfigureHttpsDefaults(https => https.ServerCertificate = certificate));
        }

        // Over TLS (the server's own, or a TLS proxy's), browsers are told to come back over TLS only: a year, RFC 6797.
        web.Services.AddHsts(o =>
        {
            o.MaxAge = TimeSpan.FromDays(365);
            o.ExcludedHosts.Clear();
        });

        ConfigureLogging(web.Logging, json);
        ConfigureServices(web.Services, options, connectionString, dataSource, time, serverName, roleLogins, managementConnectionString);
        web.Services.AddSingleton(sp => new DashboardAccess(options.Dashboard, DashboardPath, sp.GetRequiredService<ILogger<DashboardAccess>>()));
        // With antiforgery registered, Hangfire's pages carry a token its script sends back, and Hangfire refuses a POST
        // without it (403): a page on another site cannot make a signed-in admin's browser trigger a job. The keys live
        // in memory only: nothing to protect on disk, and a restart merely asks for a page reload.
        web.Services.AddDataProtection().UseEphemeralDataProtectionProvider();
        web.Services.AddAntiforgery(o => o.Cookie.Name = "outcomes-antiforgery");
        if (options.Web.Enabled)
        {
            WebPages.AddWebPages(web.Services, options.Web, new WebDatabase(dataSource, connectionString, () => options.Today(time), readConnectionString), MonthlyReportJob.FolderOf(options));
        }

        var app = Prepare(web.Build(), options);
        var access = app.Services.GetRequiredService<DashboardAccess>();
        if (options.Dashboard.BehindProxy)
        {
            // The TLS-terminating proxy on this host says the browser used https: cookies and antiforgery tokens then go
            // out Secure. Only the scheme is taken from it, and only from a loopback proxy (the default known proxies).
            app.UseForwardedHeaders(new ForwardedHeadersOptions { ForwardedHeaders = ForwardedHeaders.XForwardedProto });
        }

        // Strict-Transport-Security on every response that went out over TLS (never over plain loopback http).
        app.UseHsts();

        // The dashboard's paths are behind its access rule; every other path is the web pages', which ask for a signed-in
        // login of their own and, beyond this machine, for TLS (WebTransport). A path that is neither is refused.
        app.UseWhen(c => c.Request.Path.StartsWithSegments(DashboardPath), dashboard => dashboard.Use(access.InvokeAsync));
        app.UseWhen(c => !c.Request.Path.StartsWithSegments(DashboardPath), pages => pages.Use(new WebTransport(options.Dashboard).InvokeAsync));
        app.UseHangfireDashboard(DashboardPath, new Hangfire.DashboardOptions
        {
            Authorization = [access],
            IsReadOnlyFunc = access.IsReadOnly,
            DashboardTitle = "Outcomes jobs",
            DisplayStorageConnectionString = false,
            AppPath = options.Web.Enabled ? WebPages.WorklistPath : null,
        });
        HealthEndpoints.Map(app);
        if (options.Web.Enabled)
        {
            WebPages.MapWebPages(app);
        }

        return app;
    }

    /// <summary>
    /// Hangfire logs through a process-wide provider: point it at this host's loggers (a process that builds a second
    /// host, as tests do, would otherwise log into the first one's disposed factory), then set the retry policy.
    /// </summary>
    private static T Prepare<T>(T host, JobsOptions options) where T : IHost
    {
        Hangfire.Logging.LogProvider.SetCurrentLogProvider(new Hangfire.AspNetCore.AspNetCoreLogProvider(host.Services.GetRequiredService<ILoggerFactory>()));
        UseRetryPolicy(options.Retry);
        return host;
    }

    private static void ConfigureLogging(ILoggingBuilder logging, bool json)
    {
        logging.ClearProviders();
        logging.SetMinimumLevel(LogLevel.Information);
        logging.AddFilter("Npgsql", LogLevel.Warning);
        logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        logging.AddFilter("Hangfire", LogLevel.Warning);
        logging.AddOutcomesConsole(json, plainTimestamp: "yyyy-MM-dd HH:mm:ss ");
    }

    private static void ConfigureServices(
        IServiceCollection services, JobsOptions options, string connectionString, NpgsqlDataSource dataSource, TimeProvider time, string? serverName,
        IReadOnlyDictionary<DatabaseRole, string>? roleLogins, string? managementConnectionString)
    {
        services.AddSingleton(Options.Create(options));
        services.AddSingleton(dataSource);
        // Hangfire and the job bookkeeping use the administrator's login; each job's work acts as its own role.
        services.AddSingleton(new RoleDataSources(dataSource, connectionString, roleLogins));
        services.AddSingleton(time);
        services.AddSingleton(sp => new AlertNotifier(dataSource, options.Alerts, time, sp.GetRequiredService<ILogger<AlertNotifier>>(), serverName));
        services.AddSingleton<JobExecution>();
        services.AddSingleton(sp => new ReadinessChecks(dataSource, sp.GetRequiredService<JobStorage>(), options));
        services.AddSingleton<ReadinessProbe>();
        MetricsSetup.AddMetrics(services, options.Metrics);
        services.AddTransient<PullJob>();
        services.AddTransient<NightlyJob>();
        services.AddTransient<RetrainJob>();
        services.AddTransient<ModelCheckJob>();
        services.AddTransient<MonthlyReportJob>();
        services.AddTransient<DataQualityJob>();
        services.AddTransient<Retention.RetentionJob>();
        services.AddSingleton(new ManagementLogin(managementConnectionString));
        services.AddTransient<BackupJob>();
        services.AddTransient<RestoreDrillJob>();
        services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(options.ShutdownSeconds + 5));

        services.AddHangfire(config => config
            .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
            .UseSimpleAssemblyNameTypeSerializer()
            .UseRecommendedSerializerSettings()
            .UsePostgreSqlStorage(o => o.UseNpgsqlConnection(connectionString), StorageOptions(options)));
        services.AddHangfireServer(o =>
        {
            o.ServerName = serverName ?? $"{Environment.MachineName}:{Environment.ProcessId}";
            o.WorkerCount = options.Workers;
            o.SchedulePollingInterval = TimeSpan.FromSeconds(options.PollingSeconds);
            o.ShutdownTimeout = TimeSpan.FromSeconds(options.ShutdownSeconds);
            o.ServerCheckInterval = TimeSpan.FromSeconds(Math.Min(60, options.InvisibilitySeconds));
            o.ServerTimeout = TimeSpan.FromSeconds(Math.Max(30, options.InvisibilitySeconds));
        });
        services.AddHostedService<RecurringJobRegistrar>();
    }

    /// <summary>One retry policy for every job: the configured attempts and delays, then failed for a person to look at.</summary>
    private static void UseRetryPolicy(RetryOptions retry)
    {
        foreach (var existing in GlobalJobFilters.Filters.Where(f => f.Instance is AutomaticRetryAttribute).ToList())
        {
            GlobalJobFilters.Filters.Remove(existing.Instance);
        }

        GlobalJobFilters.Filters.Add(new AutomaticRetryAttribute
        {
            Attempts = retry.Attempts,
            DelaysInSeconds = [.. retry.EffectiveDelays()],
            OnAttemptsExceeded = AttemptsExceededAction.Fail,
            LogEvents = true,
        });
    }
}
