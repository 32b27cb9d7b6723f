using Outcomes.Ingest.Validation;

namespace Outcomes.Ingest.Contract.Files;

/// <summary>sessions.csv: every scheduled session of an episode and whether the patient came (attendance).</summary>
public static class SessionsFile
{
    private const int ScheduledMinutes = 5;
    private const int Status = 6;
    private const int AttendedMinutes = 7;
    private const string CoreTable = "attendance_session";
    private const string ConflictKey = "facility_id, source_session_id";

    /// <summary>The unique key's index: the id folded to lower case, so one id has one spelling (migration 0042).</summary>
    private const string ConflictTarget = "(lower(source_session_id)), facility_id";

    private static readonly (string Target, string Source)[] MergeColumns =
    [
        ("source_session_id", "s.session_id"), ("session_date", "s.session_date"), ("kind", "s.kind"),
        ("scheduled_minutes", "s.scheduled_minutes"), ("status", "s.status"), ("attended_minutes", "s.attended_minutes"),
    ];

    public static EntityDefinition Definition { get; } = new()
    {
        Name = "sessions",
        Table = CoreTable,
        LoadOrder = 4,
        CoverageDateSql = "session_date",
        KeyFields = ["facility_id", "session_id"],
        Fields =
        [
            Fields.FacilityId,
            Fields.Id("session_id", "the session's id in the source system"),
            Fields.Id("episode_id", "the episode (an episode_id of episodes.csv)"),
            Fields.Date("session_date", "the day the session was scheduled for"),
            Fields.Code("kind", Codes.SessionKind, "what kind of session"),
            Fields.Integer("scheduled_minutes", 1, ClinicalLimits.MaxSessionMinutes, "planned length in minutes"),
            Fields.Code("status", Codes.SessionStatus, "what happened"),
            Fields.Integer("attended_minutes", 0, ClinicalLimits.MaxSessionMinutes,
                "minutes the patient was there; empty counts as 0 for sessions not attended", required: false),
        ],
        RowRule = CheckMinutes,
        MergeSql = EpisodeChildSql.Merge(CoreTable, ConflictKey, MergeColumns, "session_date", EpisodeDateRule.WithinEpisode, ConflictTarget),

        // The largest file by far (about 20 rows per episode): a first load or a full re-export runs in bulk.
        Bulk = EpisodeChildSql.Bulk(
            CoreTable, ConflictKey, MergeColumns, "session_date", EpisodeDateRule.WithinEpisode,
            // The statements themselves live in the database functions that run them with the owner's rights
            // (migrations 0021 and 0027): the ingest role names an index, it does not own the table.
            key: new TableIndex(
                "attendance_session_key",
                "select attendance_session_drop_index('attendance_session_key')",
                "select attendance_session_create_index('attendance_session_key')"),
            otherIndexes:
            [
                new TableIndex(
                    "attendance_session_episode",
                    "select attendance_session_drop_index('attendance_session_episode')",
                    "select attendance_session_create_index('attendance_session_episode')"),
                new TableIndex(
                    "attendance_session_family_attended",
                    "select attendance_session_drop_index('attendance_session_family_attended')",
                    "select attendance_session_create_index('attendance_session_family_attended')"),
            ]) with
        {
            // The week and month rows and each episode's first family day (migrations 0006, 0017, 0037 and 0044): a first
            // load touches nearly every week and episode.
            Summaries = new DeferredSummaries("select session_summaries_defer()", "select session_summaries_rebuild()"),
        },
        RejectUnresolvedSql = EpisodeChildSql.RejectUnresolved("session_date", EpisodeDateRule.WithinEpisode),
    };

    private static RowIssue? CheckMinutes(RowValues row, IngestOptions options)
    {
        var status = row.Code(Status)!;
        var present = Codes.PresentStatuses.Contains(status);
        if (!row.Has(AttendedMinutes))
        {
            if (present)
            {
                return new RowIssue("attended_minutes", $"is required when status is {status}");
            }

            row.Present[AttendedMinutes] = true;
            row.Integer[AttendedMinutes] = 0;
            return null;
        }

        var attended = row.Integer[AttendedMinutes];
        if (present && attended == 0)
        {
            return new RowIssue("attended_minutes", $"is 0 but status is {status}; expected the minutes the patient was there");
        }

        if (!present && attended > 0)
        {
            return new RowIssue("attended_minutes", $"must be 0 or empty when status is {status}");
        }

        return attended > row.Integer[ScheduledMinutes] + options.AttendedOverrunMinutes
            ? new RowIssue("attended_minutes", $"exceeds scheduled_minutes by more than {options.AttendedOverrunMinutes} minutes")
            : null;
    }
}
