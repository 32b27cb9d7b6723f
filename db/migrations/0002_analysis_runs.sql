-- Stored analysis runs: every figure a report or audit pack shows comes from here, so they all agree.

create table analysis_run (
    run_id uuid primary key,
    definitions_version text not null,
    period_label text not null,
    period_start date not null,
    period_end date not null,
    facility_filter text,
    data_through date not null,
    early_dropout_days integer not null,
    software_version text not null,
    created_at timestamptz not null default now()
);

-- One figure: a metric for a population (all facilities or one; a level of care; a program), with its
-- counts, estimate and interval. suppressed marks counts a released table must show as "<11".
create table analysis_figure (
    run_id uuid not null references analysis_run on delete cascade,
    metric text not null,
    facility_id text not null,           -- '*' for all facilities
    level_of_care text not null,         -- '*' for all levels; 'iop-php' for a difference
    program_key integer,                 -- null unless the figure is for one program
    grouping text not null default '',   -- a further split, e.g. a discharge reason or a day in care
    n integer not null,
    numerator double precision,
    denominator double precision,
    estimate double precision,
    lower_bound double precision,
    upper_bound double precision,
    suppressed boolean not null,
    note text
);
create index analysis_figure_run on analysis_figure (run_id, metric);
