-- A program's own outcome targets (CARF 1.M): per metric, optionally per facility, level of care and group (e.g. the
-- retention day), with a direction and the dates they apply to. Rows are never changed: a new target for the same
-- key starts where the last one ends, so every past judgement can be repeated with the target of its day.

create table outcome_target (
    target_id bigint generated always as identity primary key,
    metric text not null,
    facility_id text references facility,
    level_of_care text check (level_of_care in ('op', 'iop', 'php', 'residential')),
    grouping text not null default '',
    direction text not null check (direction in ('at_least', 'at_most')),
    target double precision not null check (target = target and target > '-infinity' and target < 'infinity'),
    effective_from date not null,
    effective_to date,
    set_by text not null,
    set_at timestamptz not null default now(),
    note text,
    check (effective_to is null or effective_to >= effective_from)
);
create index outcome_target_metric on outcome_target (metric, effective_from);
