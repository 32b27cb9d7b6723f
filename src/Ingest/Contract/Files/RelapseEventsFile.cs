namespace Outcomes.Ingest.Contract.Files;

/// <summary>relapse_events.csv: relapses known other than by drug screen (self-report, readmission, overdose).</summary>
public static class RelapseEventsFile
{
    public static EntityDefinition Definition { get; } = new()
    {
        Name = "relapse_events",
        Table = "relapse_event",
        LoadOrder = 7,
        CoverageDateSql = "event_date",
        KeyFields = ["facility_id", "event_id"],
        Fields =
        [
            Fields.FacilityId,
            Fields.Id("event_id", "the event's id in the source system"),
            Fields.Id("episode_id", "the episode it relates to (an episode_id of episodes.csv)"),
            Fields.Date("event_date", "the day of the event"),
            Fields.Code("kind", Codes.RelapseKind, "how the relapse became known"),
        ],
        MergeSql = EpisodeChildSql.Merge(
            "relapse_event",
            "facility_id, source_event_id",
            [("source_event_id", "s.event_id"), ("event_date", "s.event_date"), ("kind", "s.kind")],
            "event_date",
            EpisodeDateRule.OnOrAfterAdmission),
        RejectUnresolvedSql = EpisodeChildSql.RejectUnresolved("event_date", EpisodeDateRule.OnOrAfterAdmission),
    };
}
