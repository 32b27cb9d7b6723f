-- The scheduled pipeline (outcomes serve). Hangfire keeps its queue in a schema of its own ("hangfire"),
-- created by Hangfire.PostgreSql; these tables are ours: what each job run did, which files each source
-- folder delivered, and the daily data-quality findings shown in the monthly workbook.

create table job_run (
    job_run_id bigint generated always as identity primary key,
    job text not null,
    -- What the run was about: a source folder's name, a facility id, or 'all'.
    scope text not null,
    hangfire_job_id text,
    started_at timestamptz not null default now(),
    finished_at timestamptz,
    outcome text not null default 'running'
        check (outcome in ('running', 'succeeded', 'failed', 'skipped', 'cancelled')),
    summary text
);
create index job_run_latest on job_run (job, scope, started_at desc);

-- One row per file a pull found settled in a source folder and handed to the ingest; moved_to is set once the
-- file's batch committed (or was rejected) and the file was moved out of the source folder.
create table source_file (
    source_file_id bigint generated always as identity primary key,
    source_name text not null,
    file_name text not null,
    sha256 text not null,
    batch_id bigint references ingest_batch,
    status text not null,
    moved_to text,
    pulled_at timestamptz not null default now()
);
create index source_file_latest on source_file (source_name, pulled_at desc);

create table data_quality_finding (
    finding_id bigint generated always as identity primary key,
    checked_on date not null,
    check_kind text not null check (check_kind in ('stale_source', 'quarantine_spike', 'missing_discharge')),
    -- A source folder's name or a facility id.
    subject text not null,
    measured double precision,
    threshold double precision,
    detail text not null,
    created_at timestamptz not null default now(),
    unique (checked_on, check_kind, subject)
);
