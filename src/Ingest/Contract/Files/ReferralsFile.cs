using Outcomes.Ingest.Validation;

namespace Outcomes.Ingest.Contract.Files;

/// <summary>
/// referrals.csv (contract v2): one referral to the facility, from the day it was received through first contact and
/// assessment to admission, with who referred. A referral that never led to admission is kept: it is what the access
/// figures count. The referral registers its person's id when it is new (someone referred and never admitted is in no
/// patients.csv).
/// </summary>
public static class ReferralsFile
{
    private const int ReferralDate = 4;
    private const int FirstContactDate = 5;
    private const int AssessmentDate = 6;
    private const int AdmissionDate = 7;
    private const int EpisodeId = 8;

    public static EntityDefinition Definition { get; } = new()
    {
        Name = "referrals",
        Table = "referral",
        LoadOrder = 10,
        SinceVersion = "2",
        CoverageDateSql = "referral_date",
        RegistersFacilities = true,
        KeyFields = ["facility_id", "referral_id"],
        Fields =
        [
            Fields.FacilityId,
            Fields.Id("referral_id", "the referral's id in the source system"),
            Fields.Id("patient_id", "the person referred: a patient_id as patients.csv would send it, whether admitted or not"),
            Fields.Id("program_id", "the program the referral is for (a program_id of programs.csv); empty when not decided", required: false),
            Fields.Date("referral_date", "the day the referral was received"),
            Fields.Date("first_contact_date", "the day of the first contact with the person; empty when none yet", required: false),
            Fields.Date("assessment_date", "the day of the intake assessment; empty when none", required: false),
            Fields.Date("admission_date", "the day of admission; empty when the referral has not led to one", required: false),
            Fields.Id("episode_id", "the episode the admission began (an episode_id of episodes.csv)", required: false),
            Fields.Code("referral_source", Codes.ReferralSource, "who referred (TEDS PSOURCE)"),
        ],
        RowRule = CheckDates,
        MergeSql = $"""
            insert into patient_identity (facility_id, source_patient_id)
            select distinct s.facility_id, s.patient_id
            from stage s
            left join program p on p.facility_id = s.facility_id and p.source_program_id = s.program_id
            left join episode e on e.facility_id = s.facility_id and e.source_episode_id = s.episode_id
            where s.q_reason is null and {ReferencesResolve}
            on conflict (facility_id, source_patient_id) do nothing;

            with src as (
                select s.facility_id, s.referral_id, i.patient_key, p.program_key, s.referral_date, s.first_contact_date,
                       s.assessment_date, s.admission_date, e.episode_key, s.referral_source
                from stage s
                join patient_identity i on i.facility_id = s.facility_id and i.source_patient_id = s.patient_id
                left join program p on p.facility_id = s.facility_id and p.source_program_id = s.program_id
                left join episode e on e.facility_id = s.facility_id and e.source_episode_id = s.episode_id
                where s.q_reason is null and {ReferencesResolve} and (e.episode_key is null or e.patient_key = i.patient_key)
            ), up as (
                insert into referral as t (facility_id, source_referral_id, patient_key, program_key, referred_on, first_contact_on,
                                           assessed_on, admitted_on, episode_key, referral_source, batch_id)
                select facility_id, referral_id, patient_key, program_key, referral_date, first_contact_date, assessment_date,
                       admission_date, episode_key, referral_source, @Batch
                from src
                on conflict (facility_id, source_referral_id) do update set
                    patient_key = excluded.patient_key, program_key = excluded.program_key, referred_on = excluded.referred_on,
                    first_contact_on = excluded.first_contact_on, assessed_on = excluded.assessed_on,
                    admitted_on = excluded.admitted_on, episode_key = excluded.episode_key,
                    referral_source = excluded.referral_source, batch_id = excluded.batch_id
                where (t.patient_key, t.program_key, t.referred_on, t.first_contact_on, t.assessed_on, t.admitted_on,
                       t.episode_key, t.referral_source)
                    is distinct from (excluded.patient_key, excluded.program_key, excluded.referred_on,
                                      excluded.first_contact_on, excluded.assessed_on, excluded.admitted_on,
                                      excluded.episode_key, excluded.referral_source)
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
                       case when s.program_id is not null and p.program_key is null then 'program_id'
                            when e.episode_key is null then 'episode_id'
                            when e.admitted_on <> s.admission_date then 'admission_date'
                            else 'patient_id' end as field,
                       case when s.program_id is not null and p.program_key is null
                            then 'no program with this program_id for this facility, neither in this drop nor loaded before (it may itself be quarantined)'
                            when e.episode_key is null
                            then 'no episode with this episode_id for this facility, neither in this drop nor loaded before (it may itself be quarantined)'
                            when e.admitted_on <> s.admission_date then 'differs from the admission date of the episode named by episode_id'
                            else 'is not the patient of the episode named by episode_id' end as reason
                from stage s
                left join patient_identity i on i.facility_id = s.facility_id and i.source_patient_id = s.patient_id
                left join program p on p.facility_id = s.facility_id and p.source_program_id = s.program_id
                left join episode e on e.facility_id = s.facility_id and e.source_episode_id = s.episode_id
                where s.q_reason is null
                  and (not {ReferencesResolve} or (e.episode_key is not null and e.patient_key is distinct from i.patient_key))
            ) r
            where s.line = r.line
            """,
    };

    /// <summary>The program, when named, is known; the episode, when named, is known and began on the admission date.</summary>
    private const string ReferencesResolve =
        "((s.program_id is null or p.program_key is not null) and (s.episode_id is null or (e.episode_key is not null and e.admitted_on = s.admission_date)))";

    private static RowIssue? CheckDates(RowValues row, IngestOptions options)
    {
        // Each step on or after the last one recorded before it: referral, first contact, assessment, admission.
        (int Slot, string Name)[] steps =
            [(ReferralDate, "referral_date"), (FirstContactDate, "first_contact_date"), (AssessmentDate, "assessment_date"), (AdmissionDate, "admission_date")];
        (int Slot, string Name)? last = null;
        foreach (var step in steps)
        {
            if (!row.Has(step.Slot))
            {
                continue;
            }

            if (last is { } before && row.Date[step.Slot] < row.Date[before.Slot])
            {
                return new RowIssue(step.Name, $"is before {before.Name}; expected referral, first contact, assessment and admission in that order");
            }

            last = step;
        }

        return row.Has(EpisodeId) && !row.Has(AdmissionDate)
            ? new RowIssue("admission_date", "is required when episode_id is filled (the episode began with the admission)")
            : null;
    }
}
