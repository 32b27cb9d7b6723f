using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using Dapper;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;
using Outcomes.Analytics.DropoutRisk.Features;
using Outcomes.Analytics.DropoutRisk.Flags;
using Outcomes.Analytics.DropoutRisk.Registry;
using Outcomes.Analytics.DropoutRisk.Scoring;
using Outcomes.Analytics.DropoutRisk.Training;
using Outcomes.Analytics.Periods;
using Outcomes.Analytics.Runs;
using Outcomes.Analytics.Suppression;
using Outcomes.Benchmarks.Analysis;
using Outcomes.Database.Access;
using Outcomes.Database.Connection;
using Outcomes.Reports.Monthly;
using Outcomes.Synthetic.Snapshots;
using Outcomes.Web;
using Outcomes.Web.Hosting;

namespace Outcomes.Benchmarks.Web;

/// <summary>
/// Times the web pages for one facility on the analysis benchmark's history: a year of weekly flags raised by a
/// promoted model (trained on known-risk snapshots: the flags' reasons and counts are real, their precision is not the
/// point), most of them reviewed; then the pages of <see cref="WebPages"/> served in this process on a free loopback
/// port, signed in as a login limited to that facility, each page requested several times. The time is the request's
/// on loopback, from sending it to the last byte of the page: the server's time and a loopback round trip.
/// </summary>
internal sealed partial class WebBenchmark(BenchContext context)
{
    /// <summary>The target for every page at the 1 M-episode history, one facility.</summary>
    public static readonly TimeSpan Target = TimeSpan.FromMilliseconds(300);

    /// <summary>The pages timed, by name and address: add a page here and it is timed with the others.</summary>
    public static readonly IReadOnlyList<(string Name, string Path)> Pages =
    [
        ("worklist", WebPages.WorklistPath),
        ("worklist, all statuses", WebPages.WorklistPath + "?status=all"),
        // A later page of the year's flags (50 a page by default): the same query, further along the same order.
        ("worklist, all, flags 201-", WebPages.WorklistPath + "?status=all&start=201"),
        ("usefulness", WebPages.UsefulnessPath),
        ("dashboard", WebPages.DashboardPath),
    ];

    private const int WeeksOfFlags = 52;

    public sealed record PageTiming(string Name, string Path, TimeSpan First, TimeSpan Median, TimeSpan Max, int Requests, int Bytes);

    public sealed record Figures(long Episodes, string Facility, int Flags, int Reviewed, IReadOnlyList<PageTiming> Pages);

    public async Task<Figures> RunAsync(int episodes, int sessionsPerEpisode, string? facility, int repeats, CancellationToken cancellationToken)
    {
        var end = new DateOnly(2026, 10, 31);
        var connectionString = await new AnalysisBenchmark(context).PrepareDatabaseAsync(episodes, sessionsPerEpisode, end, cancellationToken);
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        await RaiseAndReviewFlagsAsync(dataSource, end, cancellationToken);
        long episodeCount;
        string chosen;
        int flags, reviewed;
        await using (var connection = await dataSource.OpenConnectionAsync(cancellationToken))
        {
            episodeCount = await connection.ExecuteScalarAsync<long>(new CommandDefinition("select count(*) from episode", commandTimeout: 0, cancellationToken: cancellationToken));
            chosen = facility ?? await connection.ExecuteScalarAsync<string>(new CommandDefinition("select min(facility_id) from facility", cancellationToken: cancellationToken))
                ?? throw new InvalidOperationException("The benchmark history has no facility.");
            flags = await connection.ExecuteScalarAsync<int>(new CommandDefinition(
                "select count(*)::int from risk_flag where facility_id = @Facility", new { Facility = chosen }, cancellationToken: cancellationToken));
            reviewed = await connection.ExecuteScalarAsync<int>(new CommandDefinition(
                "select count(*)::int from risk_flag where facility_id = @Facility and status <> 'open'", new { Facility = chosen }, cancellationToken: cancellationToken));
        }

        await StoreDashboardRunsAsync(dataSource, chosen, end, cancellationToken);

        // A login of the run's own (logins belong to the whole server): "web_" and the scratch databases' prefix.
        var login = "web_" + context.DatabasePrefix;
        var password = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(24));
        await AccessControl.GrantAsync(dataSource, login, DatabaseRole.Analyst, [chosen], password, cancellationToken);
        try
        {
            var port = FreePort();
            await using var app = await StartAsync(dataSource, connectionString, port, end, cancellationToken);
            using var client = new HttpClient(new SocketsHttpHandler { UseCookies = true, CookieContainer = new CookieContainer(), AllowAutoRedirect = false })
            {
                BaseAddress = new Uri($"http://127.0.0.1:{port}"),
            };
            await SignInAsync(client, login, password, cancellationToken);
            context.Output.WriteLine($"Requesting each page {repeats} times as a login limited to {chosen} ...");
            var timings = new List<PageTiming>();
            foreach (var (name, path) in Pages)
            {
                timings.Add(await TimeAsync(client, name, path, repeats, cancellationToken));
            }

            return new Figures(episodeCount, chosen, flags, reviewed, timings);
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
            await connection.ExecuteAsync(new CommandDefinition($"drop role if exists {login}", cancellationToken: cancellationToken));
        }
    }

    /// <summary>
    /// A year of flags as the nightly scoring raises them, scored weekly (ten new flags a facility a week at most), and
    /// their reviews: flags of the last two weeks stay open or acknowledged, older ones were dismissed or had outreach
    /// done, 0 to 4 days after they were raised. Kept for the next run of the same history.
    /// </summary>
    private async Task RaiseAndReviewFlagsAsync(NpgsqlDataSource dataSource, DateOnly end, CancellationToken cancellationToken)
    {
        var first = end.AddDays(-7 * (WeeksOfFlags - 1));
        await using (var connection = await dataSource.OpenConnectionAsync(cancellationToken))
        {
            if (await connection.ExecuteScalarAsync<bool>(new CommandDefinition(
                "select exists (select 1 from risk_flag where raised_on = @First)", new { First = first }, cancellationToken: cancellationToken)))
            {
                context.Output.WriteLine("Reusing the year of flags in the history.");
                return;
            }
        }

        var registry = new ModelRegistry(dataSource);
        if (await registry.PromotedAsync(cancellationToken) is null)
        {
            context.Output.WriteLine("Training a dropout model on known-risk snapshots ...");
            var (snapshots, _) = KnownRiskSnapshots.Generate(5_000, seed: 1);
            var id = await registry.SaveCandidateAsync(new DropoutModelTrainer().Train(snapshots), SnapshotQuery.DefaultHorizonDays, end, cancellationToken);
            await registry.PromoteAsync(id, cancellationToken);
        }

        context.Output.WriteLine($"Scoring the patients in care weekly for {WeeksOfFlags} weeks to raise flags ...");
        var clock = Stopwatch.StartNew();
        var scorer = new RiskScorer(dataSource);
        for (var day = first; day <= end; day = day.AddDays(7))
        {
            await scorer.ScoreAsync(day, 10, cancellationToken);
        }

        context.Output.WriteLine($"  scoring: {clock.Elapsed.TotalSeconds:F1} s");
        var store = new FlagStore(dataSource);
        var open = (await store.ListAsync(null, [FlagStatus.Open], cancellationToken: cancellationToken)).OrderBy(f => f.FlagId).ToList();
        for (var i = 0; i < open.Count; i++)
        {
            var flag = open[i];
            var at = new DateTimeOffset(flag.RaisedOn.ToDateTime(new TimeOnly(10, 0)), TimeSpan.Zero).AddDays(i % 5);
            var recent = flag.RaisedOn > end.AddDays(-14);
            if (i % 3 == 1 && !recent)
            {
                await store.ReviewAsync(new FlagReview(flag.FlagId, FlagStatus.Dismissed, "counsellor", null, null, "attending again"), at, cancellationToken);
            }
            else if (!recent || i % 2 == 0)
            {
                await store.ReviewAsync(new FlagReview(flag.FlagId, FlagStatus.Acknowledged, "quality_analyst", null, null, null), at, cancellationToken);
                if (!recent)
                {
                    await store.ReviewAsync(new FlagReview(flag.FlagId, FlagStatus.OutreachDone, "case_manager", null,
                        FlagStatus.Actions[i % 4], "reached"), at.AddHours(4), cancellationToken);
                }
            }
        }
    }

    /// <summary>
    /// The facility's own runs of the month the dashboard shows, as the monthly-report job stores them for each facility
    /// (a login limited to the facility sees no run of all facilities); kept for the next run of the same history.
    /// </summary>
    private async Task StoreDashboardRunsAsync(NpgsqlDataSource dataSource, string facility, DateOnly end, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var computed = 0;
        foreach (var period in MonthlyReport.RunsRead(ReportingPeriod.MonthOf(end), end))
        {
            computed += await AnalysisRuns.EnsureOwnAsync(dataSource, new SmallCellPolicy(), period, facility, end, cancellationToken) ? 1 : 0;
        }

        if (computed > 0)
        {
            context.Output.WriteLine($"Stored {computed} of {facility}'s runs for the dashboard in {clock.Elapsed.TotalSeconds:F1} s.");
        }
    }

    private static async Task<WebApplication> StartAsync(NpgsqlDataSource dataSource, string connectionString, int port, DateOnly today, CancellationToken cancellationToken)
    {
        // The pages as `outcomes serve` registers them (JobsHost), without the job server beside them.
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ApplicationName = typeof(WebBenchmark).Assembly.GetName().Name, ContentRootPath = AppContext.BaseDirectory });
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddDataProtection().UseEphemeralDataProtectionProvider();
        builder.Services.AddAntiforgery(o => o.Cookie.Name = "outcomes-antiforgery");
        WebPages.AddWebPages(builder.Services, new WebOptions(), new WebDatabase(dataSource, connectionString, () => today));
        var app = builder.Build();
        WebPages.MapWebPages(app);
        await app.StartAsync(cancellationToken);
        return app;
    }

    private static async Task SignInAsync(HttpClient client, string login, string password, CancellationToken cancellationToken)
    {
        var form = await client.GetStringAsync("/sign-in", cancellationToken);
        var token = RequestToken().Match(form);
        using var response = await client.PostAsync("/sign-in", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Login"] = login,
            ["Password"] = password,
            ["__RequestVerificationToken"] = WebUtility.HtmlDecode(token.Groups[1].Value),
        }), cancellationToken);
        if (response.StatusCode != HttpStatusCode.Redirect)
        {
            throw new InvalidOperationException($"Signing in to the pages failed ({(int)response.StatusCode}).");
        }
    }

    private static async Task<PageTiming> TimeAsync(HttpClient client, string name, string path, int repeats, CancellationToken cancellationToken)
    {
        var times = new List<TimeSpan>();
        TimeSpan? first = null;
        var bytes = 0;
        for (var i = 0; i <= repeats; i++)
        {
            var clock = Stopwatch.StartNew();
            using var response = await client.GetAsync(path, HttpCompletionOption.ResponseContentRead, cancellationToken);
            var body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
            var elapsed = clock.Elapsed;
            if (response.StatusCode != HttpStatusCode.OK)
            {
                throw new InvalidOperationException($"{path} answered {(int)response.StatusCode}.");
            }

            bytes = body.Length;
            // The first request compiles the page's views and warms the login's connection: shown apart.
            if (first is null)
            {
                first = elapsed;
                continue;
            }

            times.Add(elapsed);
        }

        times.Sort();
        return new PageTiming(name, path, first!.Value, times[times.Count / 2], times[^1], times.Count, bytes);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex RequestToken();
}
