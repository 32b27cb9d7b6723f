namespace Outcomes.Reports.Annual;

/// <summary>
/// The measurement system as the annual review describes it: what is collected at each stage of care and how, and
/// how completeness and accuracy are checked. Kept in code, in the words of docs/data-contract.md and docs/metrics.md,
/// so the printed review and the test that reads it say the same thing; change it here when the contract changes.
/// </summary>
internal static class MeasurementSystem
{
    public sealed record Stage(string When, string WhatIsCollected, string From);

    public sealed record Check(string What, string How);

    public static readonly IReadOnlyList<Stage> Stages =
    [
        new("Referral",
            "From data contract version 2, when sent: each referral with its source and the dates of referral, first contact, assessment and admission; a referral never admitted is kept.",
            "referrals.csv"),
        new("Admission",
            "Year of birth, sex, race, ethnicity, primary substance, co-occurring mental-health disorder, referral source and payer (TEDS codes; no names, no full birth dates, no addresses); the program and its level of care (ASAM level and edition); the admission date; medication for addiction treatment; the drug screen at intake (collected on the day of admission or within the two days after it).",
            "patients.csv, programs.csv, episodes.csv, drug_screens.csv"),
        new("During care",
            "Every scheduled session, attended or not: day, kind, scheduled minutes, status (attended, late, left early, no-show, cancelled, excused) and minutes attended; family contacts and whether family members took part; drug screens (collection day, result, substances found); relapses known other than by a screen (self-report, readmission, overdose); from data contract version 2, standardized instrument scores at intake and during care (PHQ-9, GAD-7, PCL-5, the Brief Addiction Monitor, a program's own instrument), with item scores or subscales where the instrument defines them.",
            "sessions.csv, family_contacts.csv, drug_screens.csv, relapse_events.csv, assessments.csv"),
        new("Discharge",
            "The last day of care and the discharge reason (TEDS-D REASON codes: completed, dropped out, left against advice, administrative, transferred, incarcerated, died, other); for a step-down (PHP → IOP → OP), the episode care continued in.",
            "episodes.csv"),
        new("Follow-up",
            "Contacts after discharge by day after discharge (30, 90 and 180 days in the synthetic demo): whether the patient was reached and, when reached, whether they report abstinence; from data contract version 2, a satisfaction survey (CSQ-8) at discharge or follow-up.",
            "follow_ups.csv, surveys.csv"),
    ];

    public static readonly IReadOnlyList<Check> Checks =
    [
        new("Every row on load",
            "Types, codes, dates (none after tomorrow, none before 1990), ids and references are validated; a session must fall within its episode, a screen or family contact on or after admission, a discharge not before admission and with a reason, attended minutes at most 30 minutes over the scheduled time. A bad row is quarantined with its file, line, field and the reason, never the value; the good rows of the file still load."),
        new("Instrument scores (version 2)",
            "A score of an unknown instrument, a total outside the instrument's published range, or item scores that do not sum to the total is quarantined with its reason; so is a referral whose dates are out of order (referral, first contact, assessment and admission, in that order)."),
        new("Every file",
            "Its SHA-256 is kept in the load ledger with its row counts (read, inserted, updated, unchanged, quarantined), so a file sent twice changes nothing; a file loads whole or not at all, in one transaction."),
        new("Field completeness",
            "Each period, the share of patients in care whose answer is known, per field (sex, race, ethnicity, primary substance, co-occurring disorder, referral source, payer): the Data completeness section."),
        new("Late or missing discharges",
            "Each period, the episodes in care on the data-through date with no session in the last 30 days: discharges probably not recorded."),
        new("Quarantine",
            "Each period, the rows quarantined by the file loads of the period against the rows read."),
        new("Daily check (scheduled pipeline)",
            "Stale sources, quarantine spikes against the four weeks before, and missing discharges, recorded as data-quality findings and listed in the monthly workbook."),
        new("Accuracy of the figures",
            "Every figure has one written definition (docs/metrics.md) and is computed once and stored with its run; reports only read stored runs. The computation is tested against hand counts, published statistical examples, synthetic cohorts with known truth and published trial results."),
    ];
}
