-- Data contract v2 (docs/data-contract.md): standardised instruments, referrals and satisfaction surveys, for
-- measurement-based care (Joint Commission CTS.03.01.09) and CARF 1.M efficiency, access and satisfaction. Three
-- optional files; a drop without them (v1) loads as before. The ledger records the contract version of the drop each
-- file came with.
alter table ingest_batch add column contract_version text not null default '1'
    constraint ingest_batch_contract_version_known check (contract_version in ('1', '2'));

-- assessments.csv: one administration of a standardised instrument (PHQ-9, GAD-7, BAM, PCL-5 or one the program
-- declares). The instrument codes, ranges, directions, cut-offs and reliabilities are the code's catalogue
-- (src/Ingest/Contract/Instruments, docs/instruments.md); the loader has checked every score against it.
-- total_score is null for an instrument that publishes no total (the BAM is scored by its subscales);
-- item_scores are the item answers in the instrument's order, when sent; subscale_scores map each subscale the
-- instrument defines to its score ({"use": 2, "risk": 11, "protective": 14}), sent or summed from the items.
create table assessment (
    assessment_key bigint generated always as identity primary key,
    facility_id text not null references facility,
    source_assessment_id text not null,
    episode_key bigint not null references episode,
    instrument text not null,
    administered_on date not null,
    total_score smallint,
    item_scores smallint[],
    subscale_scores jsonb,
    batch_id bigint not null references ingest_batch,
    unique (facility_id, source_assessment_id),
    check (total_score is not null or subscale_scores is not null)
);
create index assessment_episode on assessment (episode_key);

-- referrals.csv: one referral to the facility, from the day it was received through first contact and assessment to
-- admission. A referral that never led to admission is kept (admitted_on and episode_key null): it is what the access
-- figures count. patient_key names the person in patient_identity (the referral registers an id not seen before,
-- since a person referred and never admitted appears in no patients.csv).
create table referral (
    referral_key bigint generated always as identity primary key,
    facility_id text not null references facility,
    source_referral_id text not null,
    patient_key bigint not null references patient_identity,
    program_key integer references program,
    referred_on date not null,
    first_contact_on date,
    assessed_on date,
    admitted_on date,
    episode_key bigint references episode,
    referral_source text not null,
    batch_id bigint not null references ingest_batch,
    unique (facility_id, source_referral_id),
    check (first_contact_on is null or first_contact_on >= referred_on),
    check (assessed_on is null or assessed_on >= coalesce(first_contact_on, referred_on)),
    check (admitted_on is null or admitted_on >= coalesce(assessed_on, first_contact_on, referred_on)),
    check (episode_key is null or admitted_on is not null)
);
create index referral_episode on referral (episode_key);

-- surveys.csv: a satisfaction or experience survey of an episode, at discharge or follow-up, with the optional
-- net-promoter answer (0-10, "how likely are you to recommend ...").
create table survey (
    survey_key bigint generated always as identity primary key,
    facility_id text not null references facility,
    source_survey_id text not null,
    episode_key bigint not null references episode,
    instrument text not null,
    surveyed_on date not null,
    score smallint not null,
    net_promoter smallint check (net_promoter between 0 and 10),
    batch_id bigint not null references ingest_batch,
    unique (facility_id, source_survey_id)
);
create index survey_episode on survey (episode_key);

-- Row-level security as on the other tables that hold a facility's rows (migrations 0015 and 0021): every row for a
-- login that is not facility-limited, the login's facilities for one that is; forced, so it binds the owner too.
do $rls$
declare
    t text;
begin
    foreach t in array array['assessment', 'referral', 'survey'] loop
        execute format('alter table %I enable row level security', t);
        execute format('alter table %I force row level security', t);
        execute format('create policy every_row on %I as permissive for all to public using (true) with check (true)', t);
        execute format(
            'create policy facility_scope on %I as restrictive for all to public '
            || 'using ((select facility_scope()) is null or facility_id = any ((select facility_scope())::text[])) '
            || 'with check ((select facility_scope()) is null or facility_id = any ((select facility_scope())::text[]))', t);
    end loop;
end
$rls$;
