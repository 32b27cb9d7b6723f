using ClosedXML.Excel;
using Dapper;
using Npgsql;
using Outcomes.Reports.Disclosure;
using Outcomes.Reports.Output;
using Outcomes.Reports.Workbook;

namespace Outcomes.Reports.Flags;

/// <summary>
/// <c>outcomes flags export</c>: the open and acknowledged early-dropout flags (the worklist), with the source patient
/// id from the restricted <c>patient_identity</c> table. The one output that names patients: every sheet says
/// CONFIDENTIAL in its title, header and footer, and every text cell is neutralised against formulas. An internal
/// output by nature (<see cref="DisclosurePolicy.DefaultFor"/>): its header says so.
/// </summary>
public sealed class FlagWorklist(NpgsqlDataSource dataSource)
{
    public const string Marking = "CONFIDENTIAL: contains patient identifiers (42 CFR Part 2 / HIPAA). Do not forward.";

    // The worklist comes from the database function flag_worklist (migration 0015): the analyst role cannot read
    // patient_identity, and the function writes the export's audit row in the same transaction as it returns the rows.
    private const string Sql = """
        select facility_id as FacilityId, source_patient_id as SourcePatientId, source_episode_id as SourceEpisodeId,
               level_of_care as LevelOfCare, admitted_on as AdmittedOn, raised_on as ScoredOn, rank_in_facility as Rank,
               probability as Probability, reasons as Reasons, model_id as ModelId, review_status as ReviewStatus,
               reviewed_by as ReviewedBy, reviewed_on as ReviewedOn, review_outcome as ReviewOutcome
        from flag_worklist(@Facility, @Purpose)
        """;

    /// <summary>The worklist's rows; <paramref name="purpose"/> is recorded with the export in the audit trail.</summary>
    public async Task<IReadOnlyList<FlagWorklistRow>> LoadAsync(string? facility, string purpose, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<Row>(new CommandDefinition(Sql, new { Facility = facility, Purpose = purpose }, cancellationToken: cancellationToken));
        return [.. rows.Select(r => new FlagWorklistRow(r.FacilityId, r.SourcePatientId, r.SourceEpisodeId, r.LevelOfCare, r.AdmittedOn, r.ScoredOn, r.Rank,
            r.Probability, r.Reasons, r.ModelId, r.ReviewStatus, r.ReviewedBy, r.ReviewedOn, r.ReviewOutcome))];
    }

    private sealed record Row(
        string FacilityId, string SourcePatientId, string SourceEpisodeId, string LevelOfCare, DateOnly AdmittedOn, DateOnly ScoredOn,
        int Rank, double Probability, string Reasons, long ModelId, string ReviewStatus, string? ReviewedBy, DateOnly? ReviewedOn, string? ReviewOutcome);

    public static string FileName(IReadOnlyList<FlagWorklistRow> rows) =>
        $"CONFIDENTIAL-flag-worklist-{(rows.Count == 0 ? "empty" : rows.Max(r => r.ScoredOn).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture))}.xlsx";

    public static readonly IReadOnlyList<string> Headers =
    [
        "Facility", "Source patient id", "Source episode id", "Level of care", "Admitted", "Scored on", "Rank in facility",
        "Predicted risk", "Reasons", "Model", "Review status", "Reviewed by", "Reviewed on", "Review outcome",
    ];

    /// <summary>
    /// Writes the worklist into <paramref name="folder"/> (created 0700 when missing) as a file only its owner can
    /// read (0600), written under a temporary name that is 0600 too and renamed into place; returns its path.
    /// </summary>
    public static string Export(IReadOnlyList<FlagWorklistRow> rows, string folder) =>
        OutputFolder.Open(folder, ownerOnly: true).WriteFile(FileName(rows), stream => Write(rows, stream));

    public static void Write(IReadOnlyList<FlagWorklistRow> rows, Stream stream)
    {
        using var workbook = new XLWorkbook();
        workbook.Properties.Title = "CONFIDENTIAL flag worklist";
        var scoredOn = rows.Count == 0 ? "no open flags" : $"scored on {rows.Max(r => r.ScoredOn):yyyy-MM-dd}";
        var sheet = SheetWriter.Add(workbook, "CONFIDENTIAL worklist", "CONFIDENTIAL: early-dropout flag worklist", $"Open flags {scoredOn}", Marking, $"CONFIDENTIAL: patient identifiers · {DisclosurePolicy.Internal().Label}");
        sheet.Cell(1, 1).Style.Font.FontColor = XLColor.FromHtml("#C00000");
        sheet.PageSetup.Footer.Center.AddText("CONFIDENTIAL");
        var start = SheetWriter.FirstTableRow;
        for (var c = 0; c < Headers.Count; c++)
        {
            SheetWriter.SetText(sheet.Cell(start, c + 1), Headers[c]);
        }

        for (var i = 0; i < rows.Count; i++)
        {
            var r = rows[i];
            var line = start + 1 + i;
            string?[] texts =
            [
                r.FacilityId, r.SourcePatientId, r.SourceEpisodeId, r.LevelOfCare.ToUpperInvariant(), null, null, null, null,
                r.Reasons, null, r.ReviewStatus ?? "not reviewed", r.ReviewedBy ?? "", null, r.ReviewOutcome ?? "",
            ];
            for (var c = 0; c < texts.Length; c++)
            {
                if (texts[c] is { } text)
                {
                    SheetWriter.SetText(sheet.Cell(line, c + 1), text);
                }
            }

            sheet.Cell(line, 5).SetValue(r.AdmittedOn.ToDateTime(TimeOnly.MinValue));
            sheet.Cell(line, 6).SetValue(r.ScoredOn.ToDateTime(TimeOnly.MinValue));
            sheet.Cell(line, 7).SetValue(r.Rank);
            sheet.Cell(line, 8).SetValue(r.Probability);
            sheet.Cell(line, 8).Style.NumberFormat.Format = "0.0%";
            sheet.Cell(line, 10).SetValue(r.ModelId);
            if (r.ReviewedOn is { } reviewed)
            {
                sheet.Cell(line, 13).SetValue(reviewed.ToDateTime(TimeOnly.MinValue));
            }
        }

        sheet.Range(start + 1, 5, start + Math.Max(rows.Count, 1), 6).Style.DateFormat.Format = "yyyy-mm-dd";
        sheet.Range(start + 1, 13, start + Math.Max(rows.Count, 1), 13).Style.DateFormat.Format = "yyyy-mm-dd";
        var table = sheet.Range(start, 1, start + Math.Max(rows.Count, 1), Headers.Count).CreateTable("Worklist");
        table.ShowAutoFilter = true;
        sheet.SheetView.FreezeRows(start);
        sheet.PageSetup.SetRowsToRepeatAtTop(start, start);
        SheetWriter.FitColumns(sheet, Headers.Count);
        workbook.SaveAs(stream);
    }
}
