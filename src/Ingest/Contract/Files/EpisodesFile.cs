using Outcomes.Ingest.Validation;

namespace Outcomes.Ingest.Contract.Files;

/// <summary>episodes.csv: one row per admission of a patient to a program (an episode of care).</summary>
public static class EpisodesFile
{
    private const int EpisodeId = 1;
    private const int AdmissionDate = 4;
    private const int DischargeDate = 5;
    private const int DischargeReason = 6;
    private const int TransferredTo = 7;

    /// <summary>The longest staff code a counsellor column may hold (docs/data-contract.md).</summary>
    public const int CounsellorMaxLength = 40;

    public static EntityDefinition Definition { get; } = new()
    {
        Name = "episodes",
        Table = "episode",
        LoadOrder = 3,
        CoverageDateSql = "greatest(admission_date, discharge_date)",
        RegistersFacilities = true,
        KeyFields = ["facility_id", "episode_id"],
        Fields =
        [
            Fields.FacilityId,
            Fields.Id("episode_id", "the episode's id in the source system"),
            Fields.Id("patient_id", "the patient (a patient_id of patients.csv)"),
            Fields.Id("program_id", "the program (a program_id of programs.csv)"),
            Fields.Date("admission_date", "first day of care"),
            Fields.Date("discharge_date", "last day of care; empty while the patient is in care", required: false),
            Fields.Code("discharge_reason", Codes.DischargeReason, "why care ended (TEDS-D REASON); empty while in care", required: false),
            Fields.Id("transferred_to_episode_id", "for a transfer or step-down, the episode it continued in", required: false),
            Fields.YesNo("medication_for_addiction_treatment", "whether the patient received medication for addiction treatment"),
            Fields.StaffCode("counsellor", CounsellorMaxLength, "the staff code of the patient's primary counsellor; never a name"),
        ],
        RowRule = CheckDischarge,
        MergeSql = """
            with src as (
                select s.facility_id, s.episode_id, i.patient_key, p.program_key, s.admission_date, s.discharge_date,
                       s.discharge_reason, s.transferred_to_episode_id, s.medication_for_addiction_treatment, s.counsellor
                from stage s
                join patient_identity i on i.facility_id = s.facility_id and i.source_patient_id = s.patient_id
                join program p on p.facility_id = s.facility_id and p.source_program_id = s.program_id
                where s.q_reason is null
            ), up as (
                insert into episode as t (facility_id, source_episode_id, patient_key, program_key, admitted_on, discharged_on,
                                          discharge_reason, transferred_to_episode_id, medication_for_addiction_treatment, counsellor, batch_id)
                select facility_id, episode_id, patient_key, program_key, admission_date, discharge_date,
                       discharge_reason, transferred_to_episode_id, medication_for_addiction_treatment, counsellor, @Batch
                from src
                on conflict (facility_id, source_episode_id) do update set
                    patient_key = excluded.patient_key, program_key = excluded.program_key,
                    admitted_on = excluded.admitted_on, discharged_on = excluded.discharged_on,
                    discharge_reason = excluded.discharge_reason,
                    transferred_to_episode_id = excluded.transferred_to_episode_id,
                    medication_for_addiction_treatment = excluded.medication_for_addiction_treatment,
                    counsellor = case when 'counsellor' = any(@Absent) then t.counsellor else excluded.counsellor end,
                    batch_id = excluded.batch_id
                where (t.patient_key, t.program_key, t.admitted_on, t.discharged_on, t.discharge_reason,
                       t.transferred_to_episode_id, t.medication_for_addiction_treatment, t.counsellor)
                    is distinct from (excluded.patient_key, excluded.program_key, excluded.admitted_on,
                                      excluded.discharged_on, excluded.discharge_reason,
                                      excluded.transferred_to_episode_id, excluded.medication_for_addiction_treatment,
                                      case when 'counsellor' = any(@Absent) then t.counsellor else excluded.counsellor end)
                returning (xmax = 0) as inserted
            )
            select count(*) filter (where inserted) as inserted,
                   count(*) filter (where not inserted) as updated
            from up
            """,
        RejectUnresolvedSql = """
            update stage s set q_field = r.field, q_reason = r.reason
            from (
                select s.line,
                       case when i.patient_key is null then 'patient_id' else 'program_id' end as field,
                       case when i.patient_key is null
                            then 'no patient with this patient_id for this facility, neither in this drop nor loaded before (it may itself be quarantined)'
                            else 'no program with this program_id for this facility, neither in this drop nor loaded before (it may itself be quarantined)'
                       end as reason
                from stage s
                left join patient_identity i on i.facility_id = s.facility_id and i.source_patient_id = s.patient_id
                left join program p on p.facility_id = s.facility_id and p.source_program_id = s.program_id
                where s.q_reason is null and (i.patient_key is null or p.program_key is null)
            ) r
            where s.line = r.line
            """,
    };

    private static RowIssue? CheckDischarge(RowValues row, IngestOptions options)
    {
        if (row.Has(DischargeDate) && row.Date[DischargeDate] < row.Date[AdmissionDate])
        {
            return new RowIssue("discharge_date", "is before admission_date; expected the same day or later");
        }

        if (row.Has(DischargeDate) != row.Has(DischargeReason))
        {
            return row.Has(DischargeDate)
                ? new RowIssue("discharge_reason", "is required when discharge_date is filled")
                : new RowIssue("discharge_reason", "must be empty while discharge_date is empty (the patient is still in care)");
        }

        if (row.Has(TransferredTo))
        {
            if (row.Code(DischargeReason) != "transferred")
            {
                return new RowIssue("transferred_to_episode_id", "may only be filled when discharge_reason is transferred");
            }

            if (string.Equals(row.Text[TransferredTo], row.Text[EpisodeId], StringComparison.OrdinalIgnoreCase))
            {
                return new RowIssue("transferred_to_episode_id", "names the episode itself; expected the episode care continued in");
            }
        }

        return null;
    }
}
