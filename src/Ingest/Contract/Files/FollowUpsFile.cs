using Outcomes.Ingest.Validation;

namespace Outcomes.Ingest.Contract.Files;

/// <summary>follow_ups.csv: contacts after discharge (e.g. at 30, 90, 180 days) and whether the patient was abstinent.</summary>
public static class FollowUpsFile
{
    private const int Reached = 3;
    private const int Abstinent = 4;

    public static EntityDefinition Definition { get; } = new()
    {
        Name = "follow_ups",
        Table = "follow_up",
        LoadOrder = 8,
        KeyFields = ["facility_id", "episode_id", "days_after_discharge"],
        Fields =
        [
            Fields.FacilityId,
            Fields.Id("episode_id", "the discharged episode followed up (an episode_id of episodes.csv)"),
            Fields.Integer("days_after_discharge", 1, ClinicalLimits.MaxFollowUpDays, "days between discharge and the follow-up"),
            Fields.YesNo("reached", "whether the patient was reached"),
            Fields.Code("abstinent", Codes.Abstinent, "abstinent since discharge: yes, no or unknown (empty = unknown)", required: false),
        ],
        RowRule = CheckAbstinence,
        MergeSql = EpisodeChildSql.Merge(
            "follow_up",
            "episode_key, days_after_discharge",
            [("days_after_discharge", "s.days_after_discharge"), ("reached", "s.reached"), ("abstinent", "s.abstinent")],
            "days_after_discharge",
            EpisodeDateRule.EpisodeDischarged),
        RejectUnresolvedSql = EpisodeChildSql.RejectUnresolved("days_after_discharge", EpisodeDateRule.EpisodeDischarged),
    };

    private static RowIssue? CheckAbstinence(RowValues row, IngestOptions options)
    {
        if (!row.Has(Abstinent))
        {
            row.SetText(Abstinent, "unknown");
            return null;
        }

        return row.Flag[Reached] == false && row.Code(Abstinent) != "unknown"
            ? new RowIssue("abstinent", "must be unknown or empty when the patient was not reached")
            : null;
    }
}
