using System.Globalization;
using System.IO.Compression;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Npgsql;
using Outcomes.Database.Access;
using Outcomes.Database.Audit;
using Outcomes.Analytics.Periods;
using Outcomes.Analytics.Runs;
using Outcomes.Analytics.Suppression;
using Outcomes.Reports.Charts;
using Outcomes.Reports.Disclosure;
using Outcomes.Reports.Definitions;
using Outcomes.Reports.Monthly;
using Outcomes.Reports.Output;
using Outcomes.Reports.Tables;

namespace Outcomes.Reports.AuditPack;

/// <summary>
/// <c>outcomes audit-pack --period 2026</c>: every chart in PNG and SVG, an <c>index.html</c> showing each chart
/// with its table, and <c>manifest.json</c> saying for each chart its period, population, n, numerators and
/// denominators (as published: suppressed ones as "&lt;11"), the suppression applied, data completeness, the
/// analysis run, the software version, the SHA-256 of each file and the standards it supports; all zipped too.
/// The pack is written into a staging folder and renamed into place; an earlier pack of the same name is replaced
/// only when Outcomes wrote it and it holds nothing else (<see cref="OutputFolder"/>). It reads the stored runs of
/// <see cref="RunsRead"/> as the reporter and never computes one. The pack is made to be sent to surveyors, so its
/// <see cref="DisclosurePolicy"/> is external unless told otherwise; the index page and the manifest say which.
/// </summary>
public sealed class AuditPackWriter(NpgsqlDataSource dataSource, DisclosurePolicy disclosure)
{
    /// <summary>The pack for its default audience (<see cref="DisclosurePolicy.DefaultFor"/>).</summary>
    public AuditPackWriter(NpgsqlDataSource dataSource, SmallCellPolicy cells)
        : this(dataSource, DisclosurePolicy.For(ReportOutput.ChartPack, null, cells))
    {
    }

    /// <summary>What was written: the pack's folder, its zip, its manifest and its charts.</summary>
    public sealed class Result
    {
        internal Result(string folder, string zipPath, string manifestPath, IReadOnlyList<RenderedChart> charts)
        {
            Folder = folder;
            ZipPath = zipPath;
            ManifestPath = manifestPath;
            Charts = charts;
        }

        public string Folder { get; }

        public string ZipPath { get; }

        public string ManifestPath { get; }

        public int ChartCount => Charts.Count;

        internal IReadOnlyList<RenderedChart> Charts { get; }
    }

    /// <summary>The periods whose stored runs the pack of <paramref name="period"/> reads: the period and its trend's months (and the month before a month).</summary>
    public static IReadOnlyList<ReportingPeriod> RunsRead(ReportingPeriod period, DateOnly dataThrough) => ReportDataLoader.RunsRead(period, dataThrough);

    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public async Task<Result> WriteAsync(
        ReportingPeriod period, FacilityScope population, IReadOnlyList<QualityFinding> findings, string outFolder, DateOnly? dataThrough = null,
        CancellationToken cancellationToken = default)
    {
        var facility = population.SingleOrAll;
        var data = await new ReportDataLoader(dataSource, disclosure).LoadAsync(period, facility, findings, dataThrough, cancellationToken);
        var name = $"audit-pack-{SafeFileName.From(period.Label.Replace(':', '-'))}{(facility is null ? "" : "-" + SafeFileName.From(facility))}";
        var output = OutputFolder.Open(outFolder);
        using var staged = output.Stage(name);
        var tables = new ReportTables(data, disclosure);
        var charts = new ReportCharts(data, tables).All().Select(c => ChartRenderer.Render(c, staged.PathOf("charts"))).ToList();
        File.WriteAllText(staged.PathOf("index.html"), Html(data, charts, disclosure), new UTF8Encoding(false));
        File.WriteAllText(staged.PathOf("manifest.json"), JsonSerializer.Serialize(Manifest(data, tables, charts, staged.Path), Json), new UTF8Encoding(false));
        staged.Publish();
        var folder = staged.Target;
        var manifestPath = Path.Combine(folder, "manifest.json");
        charts = [.. charts.Select(c => c with
        {
            PngPath = Path.Combine(folder, "charts", Path.GetFileName(c.PngPath)),
            SvgPath = Path.Combine(folder, "charts", Path.GetFileName(c.SvgPath)),
        })];

        // The zip holds the pack as published, under its own name, without the marker that lists what Outcomes wrote.
        var zip = output.WriteFile(name + ".zip", stream =>
        {
            using var archive = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true);
            foreach (var file in Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
                         .Where(f => Path.GetFileName(f) != OutputFolder.MarkerName).Order(StringComparer.Ordinal))
            {
                archive.CreateEntryFromFile(file, name + "/" + Path.GetRelativePath(folder, file).Replace('\\', '/'), CompressionLevel.Optimal);
            }
        });
        await AuditLog.RecordAsync(dataSource, new AuditEntry(
            "export.audit_pack", $"{period.Label} {facility ?? "all facilities"}: {Path.GetFileName(zip)}", data.Current.Run.RunId,
            Detail: $"{charts.Count} charts; audience {DisclosurePolicy.Name(disclosure.Audience)}"), cancellationToken);
        return new Result(folder, zip, manifestPath, charts);
    }

    public static string Sha256(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }

    private object Manifest(ReportData data, ReportTables tables, IReadOnlyList<RenderedChart> charts, string folder)
    {
        var run = data.Current.Run;
        var completeness = tables.DataQuality().Rows
            .Where(r => r.Cells[2].Text == LevelNames.Label(Figure.All))
            .Select(r => new { figure = r.Cells[0].Text, group = r.Cells[1].Text, share = r.Cells[5].Display(ColumnKind.Percent), numerator = r.Cells[4].Display(ColumnKind.Count), denominator = r.Cells[3].Display(ColumnKind.Count) })
            .ToList();
        string Relative(string path) => Path.GetRelativePath(folder, path).Replace('\\', '/');
        return new
        {
            pack = "Outcomes accreditation chart pack",
            audience = DisclosurePolicy.Name(disclosure.Audience),
            disclosure = disclosure.Statement,
            period = new { label = run.Period.Label, start = run.Period.Start.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), end = run.Period.End.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) },
            population = data.Population,
            data_through = run.DataThrough.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            analysis_run_id = run.RunId,
            monthly_run_ids = data.Months.ToDictionary(m => m.Run.Period.Label, m => m.Run.RunId),
            definitions_version = run.DefinitionsVersion,
            software_version = SoftwareVersion.Current,
            analysis_software_version = data.Current.SoftwareVersion,
            index = new { path = "index.html", sha256 = Sha256(Path.Combine(folder, "index.html")) },
            charts = charts.Select(c =>
            {
                var table = c.Definition.Table;
                int Column(string header) => table.Columns.ToList().FindIndex(col => col.Header == header);
                int numerator = Column("Numerator"), denominator = Column("Denominator");
                return new
                {
                    id = c.Definition.Id,
                    title = c.Definition.Caption.Title,
                    period = c.Definition.Caption.Period,
                    population = c.Definition.Caption.Population,
                    n = c.Definition.Caption.N,
                    source = c.Definition.Caption.Source,
                    metrics = c.Definition.Metrics,
                    figures = table.Rows.Select(r => new
                    {
                        figure = r.Cells[0].Display(table.Columns[0].Kind),
                        group = table.Columns.Count > 1 ? r.Cells[1].Display(table.Columns[1].Kind) : "",
                        level = table.Columns.Count > 2 ? r.Cells[2].Display(table.Columns[2].Kind) : "",
                        numerator = numerator < 0 ? null : r.Cells[numerator].Display(ColumnKind.Count),
                        denominator = denominator < 0 ? null : r.Cells[denominator].Display(ColumnKind.Count),
                    }),
                    suppression = new
                    {
                        rule = disclosure.Suppresses
                            ? $"counts from 1 to {disclosure.Threshold - 1} shown as {disclosure.Cells.SmallCellText}; {SmallCellPolicy.ComplementaryText} hides a count that would reveal one by subtraction (complementary suppression)"
                            : $"none: an internal pack; counts from 1 to {disclosure.Threshold - 1} shown exactly and marked {DisclosurePolicy.SmallMarker}",
                        cells_small = table.Rows.Sum(r => r.Cells.Count(x => x.State == CellState.Small || x.Small)),
                        cells_complementary = table.Rows.Sum(r => r.Cells.Count(x => x.State == CellState.Complementary)),
                    },
                    data_completeness = completeness,
                    analysis_run_id = run.RunId,
                    software_version = SoftwareVersion.Current,
                    files = new[] { c.PngPath, c.SvgPath }.Select(p => new { path = Relative(p), sha256 = Sha256(p) }),
                    standards = Standards.For(c.Definition.Id).Select(s => new { body = s.Body, reference = s.Reference, text = s.Text }),
                };
            }),
        };
    }

    private static string Html(ReportData data, IReadOnlyList<RenderedChart> charts, DisclosurePolicy disclosure)
    {
        static string E(string? text) => WebUtility.HtmlEncode(text ?? "");
        var run = data.Current.Run;
        var html = new StringBuilder();
        html.Append($"""
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><title>Outcomes chart pack {E(run.Period.Label)}</title>
            <style>
            body {"{"} font-family: "DejaVu Sans", sans-serif; margin: 2em; color: #222; {"}"}
            figure {"{"} margin: 0 0 3em 0; page-break-inside: avoid; {"}"}
            img {"{"} max-width: 100%; width: 960px; border: 1px solid #ddd; {"}"}
            table {"{"} border-collapse: collapse; font-size: 0.85em; margin-top: 1em; {"}"}
            th, td {"{"} border: 1px solid #ccc; padding: 2px 6px; {"}"} td.n {"{"} text-align: right; {"}"}
            .confidential {"{"} color: #a00; font-weight: bold; {"}"}
            </style></head><body>
            <h1>Outcomes accreditation chart pack: {E(PeriodNames.Describe(run.Period, run.DataThrough))}</h1>
            <p>{E(data.Population)} · {run.Period.Start:yyyy-MM-dd} to {run.Period.End:yyyy-MM-dd} · data through {run.DataThrough:yyyy-MM-dd} · analysis run {run.RunId} · software {E(SoftwareVersion.Current)}</p>
            <p class="confidential">{E(disclosure.Statement)} Quality-improvement material; no patient identifiers.</p>

            """);
        foreach (var chart in charts)
        {
            var d = chart.Definition;
            var png = "charts/" + Path.GetFileName(chart.PngPath);
            var svg = "charts/" + Path.GetFileName(chart.SvgPath);
            html.Append($"""
                <figure id="{E(d.Id)}">
                <h2>{E(d.Caption.Title)}</h2>
                <img src="{png}" alt="{E(d.Caption.Title)}">
                <figcaption>{E(d.Caption.Subtitle)}. Source: {E(d.Caption.Source)}. <a href="{svg}">SVG</a>. Supports: {E(string.Join("; ", Standards.For(d.Id).Select(s => $"{s.Body} {s.Reference}")))}.</figcaption>
                <table><thead><tr>{string.Concat(d.Table.Columns.Select(c => $"<th>{E(FigureCatalogue.Words(c.Header))}</th>"))}</tr></thead><tbody>

                """);
            foreach (var row in d.Table.Rows)
            {
                html.Append("<tr>");
                for (var c = 0; c < d.Table.Columns.Count; c++)
                {
                    var kind = d.Table.Columns[c].Kind;
                    html.Append(kind is ColumnKind.Text or ColumnKind.Code ? "<td>" : "<td class=\"n\">").Append(E(kind == ColumnKind.Code ? row.Cells[c].Display(kind) : FigureCatalogue.Words(row.Cells[c].Display(kind)))).Append("</td>");
                }

                html.Append("</tr>\n");
            }

            html.Append("</tbody></table>");
            if (d.Table.Note is { } note)
            {
                html.Append($"<p><em>{E(note)}</em></p>");
            }

            html.Append("</figure>\n");
        }

        html.Append("</body></html>\n");
        return html.ToString();
    }
}
