namespace Outcomes.Ingest.Contract.Files;

/// <summary>family_contacts.csv: family sessions, education and other contacts with a patient's family.</summary>
public static class FamilyContactsFile
{
    public static EntityDefinition Definition { get; } = new()
    {
        Name = "family_contacts",
        Table = "family_contact",
        LoadOrder = 5,
        CoverageDateSql = "contact_date",
        KeyFields = ["facility_id", "contact_id"],
        Fields =
        [
            Fields.FacilityId,
            Fields.Id("contact_id", "the contact's id in the source system"),
            Fields.Id("episode_id", "the episode (an episode_id of episodes.csv)"),
            Fields.Date("contact_date", "the day of the contact"),
            Fields.Code("kind", Codes.FamilyContactKind, "what kind of family involvement"),
            Fields.YesNo("attended", "whether family members took part"),
        ],
        MergeSql = EpisodeChildSql.Merge(
            "family_contact",
            "facility_id, source_contact_id",
            [("source_contact_id", "s.contact_id"), ("contact_date", "s.contact_date"), ("kind", "s.kind"), ("attended", "s.attended")],
            "contact_date",
            EpisodeDateRule.OnOrAfterAdmission),
        RejectUnresolvedSql = EpisodeChildSql.RejectUnresolved("contact_date", EpisodeDateRule.OnOrAfterAdmission),
    };
}
