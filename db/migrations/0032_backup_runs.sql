-- What the backup job and the monthly restore drill of `outcomes serve` did: one row per attempt, succeeded or failed
-- with the reason in words (never a patient). `outcomes status` shows the latest of each kind; the alerts read a
-- failed latest row as "the backups are failing" until a later row of the same kind succeeds.
create table backup_run (
    backup_run_id bigint generated always as identity primary key,
    kind text not null check (kind in ('backup', 'restore_drill')),
    started_at timestamptz not null,
    finished_at timestamptz not null,
    outcome text not null check (outcome in ('succeeded', 'failed')),
    -- The backup written, or drilled: a file name in the backup folder, never a path.
    file_name text,
    bytes bigint,
    schema_version integer,
    -- Succeeded: what was done (copies removed, tables compared); failed: why.
    detail text not null
);
create index backup_run_latest on backup_run (kind, started_at desc);
