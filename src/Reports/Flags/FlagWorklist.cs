using ClosedXML.Excel;
using Dapper;
using Npgsql;
using Outcomes.Reports.Workbook;

namespace Outcomes.Reports.Flags;

/// <summary>
/// <c>outcomes flags export</c>: the open and acknowledged early-dropout flags (the worklist), with the source patient
/// id from the restricted <c>patient_identity</c> table. The one output that names patients: every sheet says
/// CONFIDENTIAL in its title, header and footer, and every text cell is neutralised against formulas.
/// </summary>
internal sealed class FlagWorklist(NpgsqlDataSource dataSource)
{
    public const string Marking = "CONFIDENTIAL: contains patient identifiers (42 CFR Part 2 / HIPAA). Do not forward.";

    // The worklist: every open or acknowledged flag, newest first within a facility, with its latest review step.
    private const string Sql = """
        select e.facility_id as FacilityId, i.source_patient_id as SourcePatientId, e.source_episode_id as SourceEpisodeId,
               p.level_of_care as LevelOfCare, e.admitted_on as AdmittedOn, f.raised_on as ScoredOn, f.rank_in_facility as Rank,
               f.probability as Probability, array_to_string(f.reasons, '; ') as Reasons, f.model_id as ModelId,
               f.status as ReviewStatus,
               case when last.reviewer_role is null then null
                    else last.reviewer_role || coalesce(' (' || last.reviewer || ')', '') end as ReviewedBy,
               (last.reviewed_at at time zone 'UTC')::date as ReviewedOn, last.action as ReviewOutcome
        from risk_flag f
        join episode e on e.episode_key = f.episode_key
        join program p on p.program_key = e.program_key
        join patient_identity i on i.patient_key = e.patient_key
        left join lateral (
            select v.reviewer_role, v.reviewer, v.reviewed_at, v.action from risk_flag_review v
            where v.flag_id = f.flag_id order by v.review_id desc limit 1
        ) last on true
        where f.status in ('open', 'acknowledged') and (@Facility::text is null or e.facility_id = @Facility)
        order by e.facility_id, f.raised_on desc, f.rank_in_facility
        """;

    public async Task<IReadOnlyList<FlagWorklistRow>> LoadAsync(string? facility, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<Row>(new CommandDefinition(Sql, new { Facility = facility }, cancellationToken: cancellationToken));
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

    public static void Write(IReadOnlyList<FlagWorklistRow> rows, string path)
    {
        using var workbook = new XLWorkbook();
        workbook.Properties.Title = "CONFIDENTIAL flag worklist";
        var scoredOn = rows.Count == 0 ? "no open flags" : $"scored on {rows.Max(r => r.ScoredOn):yyyy-MM-dd}";
        var sheet = SheetWriter.Add(workbook, "CONFIDENTIAL worklist", "CONFIDENTIAL: early-dropout flag worklist", $"Open flags {scoredOn}", Marking, "CONFIDENTIAL: patient identifiers");
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
        workbook.SaveAs(path);
    }
}
