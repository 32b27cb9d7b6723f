using Outcomes.Ingest.Validation;

namespace Outcomes.Ingest.Contract.Files;

/// <summary>drug_screens.csv: urine or oral-fluid drug screens and what they found.</summary>
public static class DrugScreensFile
{
    private const int Result = 4;
    private const int Substances = 5;

    public static EntityDefinition Definition { get; } = new()
    {
        Name = "drug_screens",
        Table = "drug_screen",
        LoadOrder = 6,
        CoverageDateSql = "collection_date",
        KeyFields = ["facility_id", "screen_id"],
        Fields =
        [
            Fields.FacilityId,
            Fields.Id("screen_id", "the screen's id in the source system"),
            Fields.Id("episode_id", "the episode (an episode_id of episodes.csv)"),
            Fields.Date("collection_date", "the day the specimen was collected"),
            Fields.Code("result", Codes.ScreenResult, "the overall result"),
            new FieldDefinition("substances", FieldKind.CodeList, false)
            {
                Codes = Codes.Substance, MaxLength = 400, Description = "substances found, separated by ';' (required when positive)",
            },
        ],
        RowRule = CheckSubstances,
        MergeSql = EpisodeChildSql.Merge(
            "drug_screen",
            "facility_id, source_screen_id",
            [
                ("source_screen_id", "s.screen_id"), ("collected_on", "s.collection_date"), ("result", "s.result"),
                ("substances", "coalesce(s.substances, '{}')"),
            ],
            "collection_date",
            EpisodeDateRule.OnOrAfterAdmission),
        RejectUnresolvedSql = EpisodeChildSql.RejectUnresolved("collection_date", EpisodeDateRule.OnOrAfterAdmission),
    };

    private static RowIssue? CheckSubstances(RowValues row, IngestOptions options)
    {
        var result = row.Code(Result);
        if (result == "positive" && !row.Has(Substances))
        {
            return new RowIssue("substances", "is required when result is positive");
        }

        return result != "positive" && row.Has(Substances)
            ? new RowIssue("substances", $"must be empty when result is {result}")
            : null;
    }
}
