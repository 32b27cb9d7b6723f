using System.Net;
using System.Text;
using Outcomes.Analytics.Suppression;
using Outcomes.Reports.Disclosure;
using Outcomes.Reports.AuditPack;
using Outcomes.Reports.Definitions;
using Outcomes.Reports.Monthly;
using Outcomes.Reports.Tables;

namespace Outcomes.Reports.Annual;

/// <summary>
/// The annual review as one printable HTML document: no external file, script or font (it opens offline and prints
/// alike anywhere), "Confidential" at the top of every printed page, each section on a new page with the standards it
/// answers, and the same cells as the workbook (<see cref="AnnualReviewTables"/>), text encoded. The first page counts
/// the verdicts and the targets missed with no action plan. Tables print at <see cref="PrintTablePoints"/> pt and wrap
/// their text, so none runs off a landscape page or a 1300-pixel screen.
/// </summary>
internal static class AnnualReviewHtml
{
    /// <summary>The smallest type the printed review uses, in points: its tables.</summary>
    public const double PrintTablePoints = 8.5;

    private const string Style = """
        body { font-family: "DejaVu Sans", Arial, sans-serif; margin: 2em; color: #222; font-size: 11pt; }
        .confidential { color: #a00; font-weight: bold; letter-spacing: 0.1em; text-transform: uppercase; }
        header.confidential { text-align: center; }
        section { margin-bottom: 3em; }
        .standards { font-style: italic; color: #444; }
        .summary { border: 2px solid #444; padding: 0.5em 0.8em; }
        .summary.missed { border-color: #a00; }
        .summary strong { color: #a00; }
        table { border-collapse: collapse; font-size: 0.8em; margin-top: 0.5em; width: 100%; }
        th, td { border: 1px solid #bbb; padding: 2px 5px; vertical-align: top; overflow-wrap: break-word; }
        th { background: #ddebf7; text-align: left; }
        th.n { text-align: right; }
        td.n { text-align: right; white-space: nowrap; }
        td.verdict-not-met { background: #f8d7da; font-weight: bold; }
        td.verdict-met { background: #d4edda; }
        td.verdict-not-assessable { color: #595959; font-style: italic; }
        td.missed-no-plan { background: #a00; color: #fff; font-weight: bold; }
        @page { size: letter landscape; margin: 0.6in 0.5in; }
        @media print {
          body { margin: 0; font-size: 10pt; }
          table { font-size: 8.5pt; }
          header.confidential { position: fixed; top: 0; left: 0; right: 0; }
          section { page-break-before: always; break-before: page; }
          section:first-of-type { page-break-before: avoid; break-before: avoid; }
          tr { page-break-inside: avoid; break-inside: avoid; }
          thead { display: table-header-group; }
        }
        """;

    public static string Render(AnnualReviewData data, AnnualReviewTables tables, DisclosurePolicy disclosure)
    {
        static string E(string? text) => WebUtility.HtmlEncode(text ?? "");
        var run = data.YearRun.Run;
        var html = new StringBuilder();
        html.Append($"""
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><title>Annual review {data.Year} · {E(data.Population)} · Confidential</title>
            <style>
            {Style}
            </style></head><body>
            <header class="confidential">Confidential</header>
            <h1>Annual review {data.Year}: outcomes against the program's targets</h1>
            <p>{E(PeriodNames.Describe(run.Period, data.DataThrough))} · {E(data.Population)} · data through {data.DataThrough:yyyy-MM-dd} · analysis run {run.RunId} · software {E(SoftwareVersion.Current)}</p>
            <p class="confidential">Confidential: quality-improvement material. No patient identifiers. {E(disclosure.Statement)}</p>
            <p class="summary{(data.MissedWithoutPlan.Count > 0 ? " missed" : "")}" id="summary">{Summary(tables.Summary(), data.MissedWithoutPlan.Count)}</p>

            """);
        foreach (var section in tables.All())
        {
            var table = section.Table;
            html.Append($"""<section id="{E(section.Id)}">""").Append('\n');
            html.Append($"<h2>{E(table.Title)}</h2>\n");
            if (section.Standards.Count > 0)
            {
                html.Append($"""<p class="standards">Answers: {E(string.Join("; ", section.Standards.Select(s => $"{s.Body} {s.Reference} ({s.Text})")))}.</p>""").Append('\n');
            }

            html.Append("<table><thead><tr>").Append(string.Concat(table.Columns.Select(c =>
                $"<th{(c.Kind is ColumnKind.Text or ColumnKind.Code ? "" : " class=\"n\"")}>{E(FigureCatalogue.Words(c.Header))}</th>"))).Append("</tr></thead><tbody>\n");
            foreach (var row in table.Rows)
            {
                html.Append("<tr>");
                for (var c = 0; c < table.Columns.Count; c++)
                {
                    var column = table.Columns[c];
                    var text = column.Kind == ColumnKind.Code ? row.Cells[c].Display(column.Kind) : FigureCatalogue.Words(row.Cells[c].Display(column.Kind));
                    // Numbers keep to one line; text wraps, so no table is wider than the page or a 1300-pixel screen.
                    var css = column.Header == AnnualReviewTables.VerdictHeader ? $"verdict-{text.Replace(' ', '-')}"
                        : text == AnnualReviewTables.MissedWithoutPlanText ? "missed-no-plan"
                        : column.Kind is not (ColumnKind.Text or ColumnKind.Code) ? "n"
                        : "text";
                    html.Append($"<td class=\"{css}\">").Append(E(text)).Append("</td>");
                }

                html.Append("</tr>\n");
            }

            html.Append("</tbody></table>\n");
            if (table.Note is { } note)
            {
                html.Append($"<p><em>{E(note)}</em></p>\n");
            }

            html.Append("</section>\n");
        }

        html.Append("<footer class=\"confidential\">Confidential</footer>\n</body></html>\n");
        return html.ToString();
    }

    /// <summary>The summary line, its count of missed targets with no action plan in bold.</summary>
    private static string Summary(string summary, int missed)
    {
        var encoded = WebUtility.HtmlEncode(summary);
        const string Marker = "Missed with no action plan:";
        var at = encoded.IndexOf(Marker, StringComparison.Ordinal);
        return missed == 0 || at < 0 ? encoded : $"{encoded[..at]}<strong>{encoded[at..]}</strong>";
    }
}
