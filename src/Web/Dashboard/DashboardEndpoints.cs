using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Outcomes.Analytics.Runs;
using Outcomes.Database.Audit;
using Outcomes.Web.Hosting;

namespace Outcomes.Web.Dashboard;

/// <summary>
/// What the director's page loads besides itself, each behind the login's session: its charts as SVG images of this
/// origin (<c>/dashboard/charts/MONTH/POPULATION/CHART.svg</c>, drawn by the reports' own chart code from the month the
/// session read), the files the report jobs wrote (<c>/dashboard/files/POPULATION/NAME</c>, served only as an entry of
/// <see cref="ReportFiles"/>' list of a population the login may pick, each download first written to the audit trail
/// on the login's own connection), and its style sheet.
/// </summary>
internal static class DashboardEndpoints
{
    public const string ChartsPath = "/dashboard/charts";
    public const string FilesPath = "/dashboard/files";
    public const string StylePath = "/dashboard/dashboard.css";

    /// <summary>The audit trail's action of a download from the page.</summary>
    public const string DownloadAction = "export.download";

    public static string ChartUrl(string month, string? facility, string chart) =>
        $"{ChartsPath}/{Uri.EscapeDataString(month)}/{Uri.EscapeDataString(DashboardChoice.Key(facility))}/{Uri.EscapeDataString(chart)}.svg";

    public static string FileUrl(ReportFile file) => $"{FilesPath}/{Uri.EscapeDataString(file.Population)}/{Uri.EscapeDataString(file.Name)}";

    public static void Map(WebApplication app)
    {
        app.MapGet(StylePath, () => Results.Text(DashboardStyle.Css, "text/css; charset=utf-8"));
        app.MapGet(ChartsPath + "/{month}/{population}/{chart}.svg", ChartAsync).RequireAuthorization();
        app.MapGet(FilesPath + "/{population}/{name}", DownloadAsync).RequireAuthorization();
    }

    private static async Task<IResult> ChartAsync(HttpContext context, string month, string population, string chart, DashboardViews views, CancellationToken cancellationToken)
    {
        var session = WebPages.SessionOf(context);
        var view = views.Recent(session, month, population);
        if (view is null)
        {
            // Not read by this session lately (the page was open longer than the read is kept): chosen and read again,
            // with the same checks as the page.
            if (await views.ChooseAsync(session, month, population, cancellationToken) is not { } choice)
            {
                return Results.NotFound();
            }

            try
            {
                view = await views.ViewAsync(session, choice, cancellationToken);
            }
            catch (AnalysisRunNotStoredException)
            {
                return Results.NotFound();
            }
        }

        return view.Svg(chart) is { } svg ? Results.Text(svg, "image/svg+xml; charset=utf-8") : Results.NotFound();
    }

    private static async Task<IResult> DownloadAsync(
        HttpContext context, string population, string name, DashboardViews views, ReportFiles files, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        var session = WebPages.SessionOf(context);
        var (may, facility) = await views.PopulationAsync(session, population, cancellationToken);
        var file = may ? files.Find(facility, name) : null;
        if (file is null)
        {
            // The same answer whether the file is another facility's or does not exist.
            loggers.CreateLogger(typeof(DashboardEndpoints)).LogWarning(
                "Web download refused: login {Login} asked for a report file it may not have or that is not there", session.Login);
            return Results.NotFound();
        }

        await AuditLog.RecordAsync(session.DataSource, new AuditEntry(
            DownloadAction, $"{file.Population}: {file.Name}", Detail: $"{file.Kind.ToLowerInvariant()}, {file.Bytes} bytes, from the web dashboard"), cancellationToken);
        return Results.File(file.FullPath, file.ContentType, file.Name);
    }
}
