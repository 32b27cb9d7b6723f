-- The written analysis of a target's year and its extenuating factors, as the quality team writes them (`outcomes
-- targets note`), shown beside the target in the annual review: a surveyor reading a missed target asks what the
-- program made of it (CARF 1.N: performance analysed, not only measured). Notes are added, never changed: the latest of
-- a target and year is the one shown, the earlier ones stay as written. Who wrote a note is taken from the server (the
-- login) whatever the client sends, and the database records each note in the audit trail, as it does a target.

create table target_note (
    note_id bigint generated always as identity primary key,
    target_id bigint not null references outcome_target,
    review_year integer not null check (review_year between 1990 and 2200),
    analysis text not null check (length(analysis) between 1 and 4000),
    extenuating_factors text check (length(extenuating_factors) between 1 and 4000),
    written_by name not null default session_user,
    written_at timestamptz not null default now()
);
create index target_note_target on target_note (target_id, review_year, note_id);

-- Row-level security as on the target tables (migration 0015): a facility-limited login sees and writes the notes of
-- the network's targets and of its own facilities' only.
alter table target_note enable row level security;
alter table target_note force row level security;
create policy every_row on target_note as permissive for all to public using (true) with check (true);
create policy facility_scope on target_note as restrictive for all to public
    using ((select facility_scope()) is null or target_in_scope(target_id))
    with check ((select facility_scope()) is null or target_in_scope(target_id));

-- The writer and the time are the server's: a client cannot write a note in another login's name.
create function target_note_written_by() returns trigger
language plpgsql
set search_path = pg_catalog, public
as $$
begin
    new.written_by := session_user;
    new.written_at := now();
    return new;
end
$$;
create trigger target_note_identity before insert on target_note for each row execute function target_note_written_by();

-- The audit line names the target, the year and how much was written, never the text (it may hold anything typed).
create function target_note_audit() returns trigger
language plpgsql
set search_path = pg_catalog, public
as $$
begin
    perform public.audit_record('target.note', 'target ' || new.target_id, null, null,
        'year ' || new.review_year || ': written analysis of ' || length(new.analysis) || ' characters'
        || coalesce(', extenuating factors of ' || length(new.extenuating_factors) || ' characters', ', no extenuating factors'));
    return new;
end
$$;
create trigger target_note_audit after insert on target_note for each row execute function target_note_audit();

-- Notes are kept as written, by everyone including the owner.
create function target_note_kept() returns trigger
language plpgsql as $$
begin
    raise exception 'target_note keeps every note as written: % is not allowed; add a new note instead', tg_op using errcode = 'insufficient_privilege';
end
$$;
create trigger target_note_no_update before update or delete on target_note for each row execute function target_note_kept();
