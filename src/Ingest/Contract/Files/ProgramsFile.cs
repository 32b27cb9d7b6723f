using Outcomes.Ingest.Validation;

namespace Outcomes.Ingest.Contract.Files;

/// <summary>programs.csv: the treatment programs of each facility and their level of care.</summary>
public static class ProgramsFile
{
    private const int LevelOfCare = 3;
    private const int AsamLevel = 4;

    public static EntityDefinition Definition { get; } = new()
    {
        Name = "programs",
        Table = "program",
        LoadOrder = 1,
        RegistersFacilities = true,
        KeyFields = ["facility_id", "program_id"],
        Fields =
        [
            Fields.FacilityId,
            Fields.Id("program_id", "the program's id in the source system"),
            new FieldDefinition("name", FieldKind.Text, true) { MaxLength = 200, Description = "the program's name" },
            Fields.Code("level_of_care", Codes.LevelOfCare, "OP (ASAM 1), IOP (ASAM 2.1), PHP (ASAM 2.5) or residential (ASAM 3.x)"),
            Fields.Code("asam_level", [.. Codes.AsamLevelsByLevelOfCare.Values.SelectMany(x => x)], "the ASAM level, e.g. 2.1; may be empty except for residential", required: false),
            Fields.Integer("asam_edition", 3, 4, "the edition of the ASAM Criteria the level is taken from (3 or 4)"),
            Fields.Integer("planned_weeks", 1, ClinicalLimits.MaxPlannedWeeks, "planned length of the program in weeks"),
            new FieldDefinition("planned_hours_per_week", FieldKind.Decimal, true)
            {
                Min = 0, Max = ClinicalLimits.MaxHoursPerWeek, MaxLength = 8, Description = "planned hours of care per week",
            },
        ],
        RowRule = CheckAsamLevel,
        MergeSql = """
            with up as (
                insert into program as t (facility_id, source_program_id, name, level_of_care, asam_level, asam_edition,
                                          planned_weeks, planned_hours_per_week, batch_id)
                select facility_id, program_id, name, level_of_care, asam_level, asam_edition,
                       planned_weeks, planned_hours_per_week, @Batch
                from stage where q_reason is null
                on conflict (facility_id, source_program_id) do update set
                    name = excluded.name, level_of_care = excluded.level_of_care, asam_level = excluded.asam_level,
                    asam_edition = excluded.asam_edition, planned_weeks = excluded.planned_weeks,
                    planned_hours_per_week = excluded.planned_hours_per_week, batch_id = excluded.batch_id
                where (t.name, t.level_of_care, t.asam_level, t.asam_edition, t.planned_weeks, t.planned_hours_per_week)
                    is distinct from (excluded.name, excluded.level_of_care, excluded.asam_level, excluded.asam_edition,
                                      excluded.planned_weeks, excluded.planned_hours_per_week)
                returning (xmax = 0) as inserted
            )
            select count(*) filter (where inserted) as inserted,
                   count(*) filter (where not inserted) as updated
            from up
            """,
    };

    private static RowIssue? CheckAsamLevel(RowValues row, IngestOptions options)
    {
        var level = row.Code(LevelOfCare)!;
        if (!row.Has(AsamLevel))
        {
            if (!Codes.DefaultAsamLevel.TryGetValue(level, out var fallback))
            {
                return new RowIssue("asam_level", "is required for residential programs (3.1, 3.2, 3.3, 3.5 or 3.7)");
            }

            row.SetText(AsamLevel, fallback);
            return null;
        }

        var allowed = Codes.AsamLevelsByLevelOfCare[level];
        return allowed.Contains(row.Code(AsamLevel)!)
            ? null
            : new RowIssue("asam_level", $"does not match level_of_care {level}: expected {string.Join(" or ", allowed)}");
    }
}
