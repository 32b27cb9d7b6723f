-- A program's own instruments (docs/instruments.md, "A program's own instrument"), as the settings of the ingest that
-- loaded their scores declared them (Jobs:Instruments): the range, which way is better, the clinical cut-off and the
-- reliability for change. The analysis reads them from here, never from the settings of whoever runs it, so a run
-- measures a program instrument's scores by the definition they were loaded and checked against. One row per code: the
-- definition in force, with the load (batch_id) that declared it so; a load declaring another definition replaces it.
-- No patient data: the codes, numbers and citations a program chose.
create table program_instrument (
    instrument text primary key check (instrument ~ '^[a-z0-9_]{1,40}$'),
    name text not null,
    purpose text not null check (purpose in ('progress', 'satisfaction')),
    direction text not null check (direction in ('higher_is_worse', 'higher_is_better')),
    total_min smallint not null,
    total_max smallint not null,
    -- The edge of the clinical range on the total, as the catalogue writes it: for a higher-is-worse instrument a total
    -- at or above it is clinical, for a higher-is-better one a total at or below it. Null: no clinically significant
    -- change is computed.
    clinical_cut_off smallint,
    -- The Jacobson-Truax reliability for change. Null: no reliable change is computed.
    reliability double precision,
    reliability_kind text check (reliability_kind in ('test_retest', 'internal_consistency')),
    source text not null,
    batch_id bigint not null references ingest_batch,
    declared_at timestamptz not null default now(),
    check (total_min < total_max),
    check (clinical_cut_off is null or clinical_cut_off between total_min and total_max),
    check (reliability is null or (reliability > 0 and reliability < 1)),
    check ((reliability is null) = (reliability_kind is null))
);

-- Row-level security as on the tables of migrations 0015 and 0021, forced: every login reads every definition (they
-- hold no facility's rows, like a target of the whole network); only a login not limited to facilities declares or
-- changes one, since a definition applies to every facility's scores.
alter table program_instrument enable row level security;
alter table program_instrument force row level security;
create policy every_row on program_instrument as permissive for all to public using (true) with check (true);
-- Reads pass (using true); an insert or an update must pass the check, a delete its own policy.
create policy facility_scope on program_instrument as restrictive for all to public
    using (true) with check ((select facility_scope()) is null);
create policy facility_scope_delete on program_instrument as restrictive for delete to public
    using ((select facility_scope()) is null);
