using Outcomes.Ingest.Contract.Instruments;
using Outcomes.Ingest.Validation;

namespace Outcomes.Ingest.Contract.Files;

/// <summary>
/// assessments.csv (contract v2): one administration of a standardised instrument to a patient in an episode, with its
/// total and, where the instrument defines them, its item scores or subscales, all checked against the instrument
/// catalogue (docs/instruments.md).
/// </summary>
public static class AssessmentsFile
{
    private const int Instrument = 4;
    private const int Total = 6;
    private const int Items = 7;
    private const int Subscales = 8;

    /// <summary>The longest items or subscales cell: twenty two-digit items and their separators fit many times over.</summary>
    private const int ScoresMaxLength = 200;

    private const string Episode = "e";

    public static EntityDefinition Definition { get; } = new()
    {
        Name = "assessments",
        Table = "assessment",
        LoadOrder = 9,
        SinceVersion = "2",
        DeclaresInstruments = InstrumentPurpose.Progress,
        CoverageDateSql = "administered_date",
        KeyFields = ["facility_id", "assessment_id"],
        Fields =
        [
            Fields.FacilityId,
            Fields.Id("assessment_id", "the administration's id in the source system"),
            Fields.Id("patient_id", "the patient (a patient_id of patients.csv); must be the patient of the episode"),
            Fields.Id("episode_id", "the episode (an episode_id of episodes.csv)"),
            new FieldDefinition("instrument", FieldKind.Text, true) { MaxLength = 40, Description = "the instrument's code (docs/instruments.md)" },
            Fields.Date("administered_date", "the day the instrument was administered"),
            Fields.Integer("total_score", short.MinValue, short.MaxValue, "the total score, within the instrument's range; empty for the BAM", required: false),
            new FieldDefinition("items", FieldKind.Text, false)
            {
                MaxLength = ScoresMaxLength, MayBeAbsent = true,
                Description = "the item scores in the instrument's order, separated by ';'; they must add up to total_score",
            },
            new FieldDefinition("subscales", FieldKind.Text, false)
            {
                MaxLength = ScoresMaxLength, MayBeAbsent = true,
                Description = "the subscale scores as name=score separated by ';' (BAM: use, risk, protective)",
            },
        ],
        RowRule = CheckScores,
        MergeSql = $"""
            with src as (
                select s.facility_id, s.assessment_id, e.episode_key, s.instrument, s.administered_date,
                       s.total_score::smallint as total_score, string_to_array(s.items, ';')::smallint[] as item_scores,
                       (select jsonb_object_agg(split_part(kv, '=', 1), split_part(kv, '=', 2)::int)
                        from unnest(string_to_array(s.subscales, ';')) as kv) as subscale_scores
                from stage s
                join episode e on e.facility_id = s.facility_id and e.source_episode_id = s.episode_id
                join patient_identity i on i.facility_id = s.facility_id and i.source_patient_id = s.patient_id
                where s.q_reason is null and {ResolvedSql}
            ), up as (
                insert into assessment as t (facility_id, source_assessment_id, episode_key, instrument, administered_on,
                                             total_score, item_scores, subscale_scores, batch_id)
                select facility_id, assessment_id, episode_key, instrument, administered_date, total_score, item_scores,
                       subscale_scores, @Batch
                from src
                on conflict (facility_id, source_assessment_id) do update set
                    episode_key = excluded.episode_key, instrument = excluded.instrument,
                    administered_on = excluded.administered_on, total_score = excluded.total_score,
                    item_scores = excluded.item_scores, subscale_scores = excluded.subscale_scores, batch_id = excluded.batch_id
                where (t.episode_key, t.instrument, t.administered_on, t.total_score, t.item_scores, t.subscale_scores)
                    is distinct from (excluded.episode_key, excluded.instrument, excluded.administered_on,
                                      excluded.total_score, excluded.item_scores, excluded.subscale_scores)
                returning (xmax = 0) as inserted
            )
            select count(*) filter (where inserted) as inserted,
                   count(*) filter (where not inserted) as updated
            from up
            """,
        RejectUnresolvedSql = $"""
            update stage s set q_field = r.field, q_reason = r.reason
            from (
                select s.line,
                       case when e.episode_key is null then 'episode_id'
                            when i.patient_key is distinct from e.patient_key then 'patient_id'
                            else 'administered_date' end as field,
                       case when e.episode_key is null
                            then 'no episode with this episode_id for this facility, neither in this drop nor loaded before (it may itself be quarantined)'
                            when i.patient_key is null
                            then 'no patient with this patient_id for this facility, neither in this drop nor loaded before (it may itself be quarantined)'
                            when i.patient_key <> e.patient_key then 'is not the patient of the episode named by episode_id'
                            else 'is more than {ClinicalLimits.MaxDaysAssessedBeforeAdmission} days before the admission date of its episode'
                       end as reason
                from stage s
                left join episode e on e.facility_id = s.facility_id and e.source_episode_id = s.episode_id
                left join patient_identity i on i.facility_id = s.facility_id and i.source_patient_id = s.patient_id
                where s.q_reason is null and (e.episode_key is null or not ({ResolvedSql}))
            ) r
            where s.line = r.line
            """,
    };

    /// <summary>A staged row whose episode and patient were found belongs to them when they agree and the date fits.</summary>
    private static string ResolvedSql =>
        $"(i.patient_key is not distinct from {Episode}.patient_key and s.administered_date >= {Episode}.admitted_on - {ClinicalLimits.MaxDaysAssessedBeforeAdmission})";

    private static RowIssue? CheckScores(RowValues row, IngestOptions options)
    {
        var instrument = InstrumentCatalogue.Find(row.Text[Instrument]!, options.ProgramInstruments);
        if (instrument is null)
        {
            return new RowIssue("instrument", $"is not an instrument of the catalogue ({string.Join(", ", InstrumentCatalogue.BuiltIn.Where(i => i.Purpose == InstrumentPurpose.Progress).Select(i => i.Code))}) nor one declared for the program; see docs/instruments.md");
        }

        if (instrument.Purpose != InstrumentPurpose.Progress)
        {
            return new RowIssue("instrument", $"{instrument.Code} is a satisfaction survey; send it in surveys.csv");
        }

        row.SetText(Instrument, instrument.Code);
        return InstrumentScores.Check(instrument, row, Total, Items, Subscales);
    }
}
