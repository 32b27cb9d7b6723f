-- Core schema for data contract v1. See docs/data-contract.md for what each column means.
-- Source ids are the center's own ids; *_key columns are surrogate keys made here.
-- Source patient ids live only in patient_identity (restricted); every analytic table uses patient_key.

create table ingest_batch (
    batch_id bigint generated always as identity primary key,
    run_id uuid not null,
    file_name text not null,
    entity text not null,
    sha256 text not null,
    status text not null check (status in ('started', 'committed', 'rejected', 'failed', 'abandoned')),
    rows_read integer not null default 0,
    rows_inserted integer not null default 0,
    rows_updated integer not null default 0,
    rows_unchanged integer not null default 0,
    rows_quarantined integer not null default 0,
    message text,
    software_version text not null,
    started_at timestamptz not null default now(),
    finished_at timestamptz
);
create index ingest_batch_sha256 on ingest_batch (sha256, entity) where status = 'committed';

-- Rows that failed validation: where they were and why. raw_record may hold identifiers: restricted.
create table ingest_quarantine (
    quarantine_id bigint generated always as identity primary key,
    batch_id bigint not null references ingest_batch,
    file_name text not null,
    line_number integer not null,
    field text,
    reason text not null,
    raw_record text
);
create index ingest_quarantine_batch on ingest_quarantine (batch_id);

create table facility (
    facility_id text primary key,
    first_batch_id bigint not null references ingest_batch
);

create table program (
    program_key integer generated always as identity primary key,
    facility_id text not null references facility,
    source_program_id text not null,
    name text not null,
    level_of_care text not null check (level_of_care in ('op', 'iop', 'php', 'residential')),
    asam_level text not null,
    asam_edition smallint not null,
    planned_weeks smallint not null,
    planned_hours_per_week numeric(5, 1) not null,
    batch_id bigint not null references ingest_batch,
    unique (facility_id, source_program_id)
);

create table patient_identity (
    patient_key bigint generated always as identity primary key,
    facility_id text not null references facility,
    source_patient_id text not null,
    unique (facility_id, source_patient_id)
);

create table patient (
    patient_key bigint primary key references patient_identity,
    facility_id text not null references facility,
    birth_year smallint not null,
    sex text not null,
    race text not null,
    ethnicity text not null,
    primary_substance text not null,
    co_occurring_disorder boolean,
    referral_source text not null,
    payer text not null,
    batch_id bigint not null references ingest_batch
);

create table episode (
    episode_key bigint generated always as identity primary key,
    facility_id text not null references facility,
    source_episode_id text not null,
    patient_key bigint not null references patient_identity,
    program_key integer not null references program,
    admitted_on date not null,
    discharged_on date,
    discharge_reason text check (discharge_reason in (
        'completed', 'dropped_out', 'left_against_advice', 'administrative', 'transferred',
        'incarcerated', 'died', 'other')),
    transferred_to_episode_id text,
    medication_for_addiction_treatment boolean not null,
    batch_id bigint not null references ingest_batch,
    unique (facility_id, source_episode_id),
    check (discharged_on is null or discharged_on >= admitted_on),
    check ((discharged_on is null) = (discharge_reason is null))
);
create index episode_patient on episode (patient_key);
create index episode_program on episode (program_key);

-- The largest table (about 20 rows per episode). Every index here costs ingest time, so it has only its
-- natural key and the episode index, and no surrogate key. Its episode_key is resolved by the ingest's join,
-- so no foreign-key trigger runs per row; episodes are never deleted, so the key cannot dangle.
create table attendance_session (
    facility_id text not null,
    source_session_id text not null,
    episode_key bigint not null,
    session_date date not null,
    kind text not null,
    scheduled_minutes smallint not null,
    status text not null,
    attended_minutes smallint not null,
    batch_id bigint not null,
    primary key (facility_id, source_session_id)
);
create index attendance_session_episode on attendance_session (episode_key);

create table family_contact (
    contact_key bigint generated always as identity primary key,
    facility_id text not null references facility,
    source_contact_id text not null,
    episode_key bigint not null references episode,
    contact_date date not null,
    kind text not null,
    attended boolean not null,
    batch_id bigint not null references ingest_batch,
    unique (facility_id, source_contact_id)
);
create index family_contact_episode on family_contact (episode_key);

create table drug_screen (
    screen_key bigint generated always as identity primary key,
    facility_id text not null references facility,
    source_screen_id text not null,
    episode_key bigint not null references episode,
    collected_on date not null,
    result text not null,
    substances text[] not null,
    batch_id bigint not null references ingest_batch,
    unique (facility_id, source_screen_id)
);
create index drug_screen_episode on drug_screen (episode_key);

create table relapse_event (
    event_key bigint generated always as identity primary key,
    facility_id text not null references facility,
    source_event_id text not null,
    episode_key bigint not null references episode,
    event_date date not null,
    kind text not null,
    batch_id bigint not null references ingest_batch,
    unique (facility_id, source_event_id)
);
create index relapse_event_episode on relapse_event (episode_key);

create table follow_up (
    follow_up_key bigint generated always as identity primary key,
    facility_id text not null references facility,
    episode_key bigint not null references episode,
    days_after_discharge smallint not null,
    reached boolean not null,
    abstinent text not null check (abstinent in ('yes', 'no', 'unknown')),
    batch_id bigint not null references ingest_batch,
    unique (episode_key, days_after_discharge)
);
