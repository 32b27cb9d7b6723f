using Outcomes.Ingest.Validation;

namespace Outcomes.Ingest.Contract.Files;

/// <summary>
/// patients.csv: one row per patient, holding only what outcome analysis needs (no names, no full birth
/// dates, no addresses). The source patient id is kept only in the restricted patient_identity table.
/// </summary>
public static class PatientsFile
{
    private const int BirthYear = 2;

    public static EntityDefinition Definition { get; } = new()
    {
        Name = "patients",
        Table = "patient",
        LoadOrder = 2,
        RegistersFacilities = true,
        KeyFields = ["facility_id", "patient_id"],
        Fields =
        [
            Fields.FacilityId,
            Fields.Id("patient_id", "the patient's id in the source system (kept only in a restricted table)"),
            Fields.Integer("birth_year", 1900, 2100, "year of birth only"),
            Fields.Code("sex", Codes.Sex, "sex recorded at admission"),
            Fields.Code("race", Codes.Race, "race (TEDS categories)"),
            Fields.Code("ethnicity", Codes.Ethnicity, "Hispanic or Latino origin (TEDS)"),
            Fields.Code("primary_substance", Codes.PrimarySubstance, "primary substance at admission (TEDS SUB1 groups)"),
            Fields.YesNo("co_occurring_disorder", "a co-occurring mental-health disorder (TEDS PSYPROB)", allowsUnknown: true),
            Fields.Code("referral_source", Codes.ReferralSource, "who referred the patient (TEDS PSOURCE)"),
            Fields.Code("payer", Codes.Payer, "primary expected payer (TEDS PRIMPAY)"),
        ],
        RowRule = CheckAge,
        MergeSql = """
            insert into patient_identity (facility_id, source_patient_id)
            select distinct facility_id, patient_id from stage where q_reason is null
            on conflict (facility_id, source_patient_id) do nothing;

            with up as (
                insert into patient as t (patient_key, facility_id, birth_year, sex, race, ethnicity, primary_substance,
                                          co_occurring_disorder, referral_source, payer, batch_id)
                select i.patient_key, s.facility_id, s.birth_year, s.sex, s.race, s.ethnicity, s.primary_substance,
                       s.co_occurring_disorder, s.referral_source, s.payer, @Batch
                from stage s
                join patient_identity i on i.facility_id = s.facility_id and i.source_patient_id = s.patient_id
                where s.q_reason is null
                on conflict (patient_key) do update set
                    birth_year = excluded.birth_year, sex = excluded.sex, race = excluded.race,
                    ethnicity = excluded.ethnicity, primary_substance = excluded.primary_substance,
                    co_occurring_disorder = excluded.co_occurring_disorder,
                    referral_source = excluded.referral_source, payer = excluded.payer, batch_id = excluded.batch_id
                where (t.birth_year, t.sex, t.race, t.ethnicity, t.primary_substance, t.co_occurring_disorder,
                       t.referral_source, t.payer)
                    is distinct from (excluded.birth_year, excluded.sex, excluded.race, excluded.ethnicity,
                                      excluded.primary_substance, excluded.co_occurring_disorder,
                                      excluded.referral_source, excluded.payer)
                returning (xmax = 0) as inserted
            )
            select count(*) filter (where inserted) as inserted,
                   count(*) filter (where not inserted) as updated
            from up
            """,
    };

    private static RowIssue? CheckAge(RowValues row, IngestOptions options)
    {
        var age = options.Today.Year - row.Integer[BirthYear];
        return age is < ClinicalLimits.MinAgeYears or > ClinicalLimits.MaxAgeYears
            ? new RowIssue("birth_year", $"gives an age today outside {ClinicalLimits.MinAgeYears} to {ClinicalLimits.MaxAgeYears} years")
            : null;
    }
}
