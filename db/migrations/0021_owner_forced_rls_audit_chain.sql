-- Closing what a red-team run found (docs/security.md, "Attacks tried"): no login owns a table, row-level security is
-- forced on every table that holds a facility's rows, the audit trail takes its identity from the server and is a
-- hash chain that `outcomes audit verify` checks, and the bulk load's index rebuild goes through the database instead
-- of the ingest role owning the sessions table. Ownership itself is handed to the outcomes_owner role (no login) by
-- db/grants.sql, applied after this migration.

-- Who loaded a batch: a facility-limited login sees the ledger and the quarantine of its own loads only.
alter table ingest_batch add column loaded_by name not null default session_user;

create function batch_in_scope(key bigint) returns boolean
language sql stable parallel safe security definer cost 1
set search_path = pg_catalog, public
as $$ select exists (select 1 from public.ingest_batch b where b.batch_id = key and b.loaded_by = session_user) $$;
revoke all on function batch_in_scope(bigint) from public;

do $rls$
declare
    spec record;
begin
    for spec in
        select * from (values
            ('ingest_batch', 'loaded_by = session_user'),
            ('ingest_quarantine', 'batch_in_scope(batch_id)'),
            ('source_file', 'batch_id is not null and batch_in_scope(batch_id)'),
            -- What the scheduled jobs did, across every facility: not for a facility-limited login.
            ('job_run', 'false')
        ) as t(table_name, scoped)
    loop
        execute format('alter table %I enable row level security', spec.table_name);
        execute format('create policy every_row on %I as permissive for all to public using (true) with check (true)', spec.table_name);
        execute format(
            'create policy facility_scope on %I as restrictive for all to public using ((select facility_scope()) is null or %s) '
            || 'with check ((select facility_scope()) is null or %s)',
            spec.table_name, spec.scoped, spec.scoped);
    end loop;
end
$rls$;

-- Forced: the policies hold for the tables' owner too, so that a security-definer function reads a facility-limited
-- login's rows only (it also applies the scope itself). Superusers still bypass them: the embedded cluster's daily
-- work runs as a login that is not one (docs/security.md).
do $force$
declare
    t record;
begin
    for t in select c.relname from pg_class c join pg_namespace n on n.oid = c.relnamespace
             where n.nspname = 'public' and c.relkind in ('r', 'p') and c.relrowsecurity
    loop
        execute format('alter table %I force row level security', t.relname);
    end loop;
end
$force$;

-- The bulk merge of a large sessions file drops the table's key and index and builds them again inside the file's
-- transaction. Only the table's owner may; these functions do it for the ingest role, and only the two statements
-- written here: the caller names an index, never a statement. A facility-limited login may not (a lock on the whole
-- table, and a rebuild over every facility's rows): its loads take the ordinary merge.
create function attendance_session_drop_index(index_name text) returns void
language plpgsql volatile security definer
set search_path = pg_catalog, public
as $$
begin
    if public.facility_scope() is not null then
        raise exception 'a facility-limited login may not rebuild the sessions table''s indexes' using errcode = 'insufficient_privilege';
    end if;
    case index_name
        when 'attendance_session_pkey' then
            alter table public.attendance_session drop constraint attendance_session_pkey;
        when 'attendance_session_episode' then
            drop index public.attendance_session_episode;
        else
            raise exception 'attendance_session_drop_index: unknown index %', index_name using errcode = 'invalid_parameter_value';
    end case;
end
$$;

create function attendance_session_create_index(index_name text) returns void
language plpgsql volatile security definer
set search_path = pg_catalog, public
as $$
begin
    if public.facility_scope() is not null then
        raise exception 'a facility-limited login may not rebuild the sessions table''s indexes' using errcode = 'insufficient_privilege';
    end if;
    case index_name
        when 'attendance_session_pkey' then
            alter table public.attendance_session add constraint attendance_session_pkey primary key (source_session_id, facility_id);
        when 'attendance_session_episode' then
            create index attendance_session_episode on public.attendance_session (episode_key);
        else
            raise exception 'attendance_session_create_index: unknown index %', index_name using errcode = 'invalid_parameter_value';
    end case;
end
$$;
revoke all on function attendance_session_drop_index(text) from public;
revoke all on function attendance_session_create_index(text) from public;

-- The audit trail as a hash chain. Each line carries its place in the chain (chain_seq, 1, 2, 3, ... without gaps),
-- the hash of the line before it and its own hash over its fields and that previous hash. Deleting or editing a line,
-- by anyone, superuser included, breaks the chain where it happened; `outcomes audit verify` recomputes it.
alter table audit_event add column chain_seq bigint;
alter table audit_event add column previous_hash text;
alter table audit_event add column line_hash text;

-- The text a line's hash is taken over: every field, a null as '-', a value as its length, ':' and the value (so no
-- two lines give the same text), the time in UTC to the microsecond. The client's verification builds the same text.
create function audit_line_text(
    chain_seq bigint, occurred_at timestamptz, database_user text, acting_role text, os_user text, action text,
    subject text, run_id uuid, row_count bigint, detail text, previous_hash text) returns text
language sql immutable parallel safe
set search_path = pg_catalog
as $$
    select concat_ws('|',
        chain_seq::text,
        to_char(occurred_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US'),
        coalesce(length(database_user) || ':' || database_user, '-'),
        coalesce(length(acting_role) || ':' || acting_role, '-'),
        coalesce(length(os_user) || ':' || os_user, '-'),
        coalesce(length(action) || ':' || action, '-'),
        coalesce(length(subject) || ':' || subject, '-'),
        coalesce(run_id::text, '-'),
        coalesce(row_count::text, '-'),
        coalesce(length(detail) || ':' || detail, '-'),
        coalesce(previous_hash, '-'))
$$;

-- The lines recorded so far join the chain in the order they were written.
do $chain$
declare
    line record;
    previous text := null;
    seq bigint := 0;
    hash text;
begin
    alter table audit_event disable trigger audit_event_no_update;
    for line in select * from audit_event order by audit_id loop
        seq := seq + 1;
        hash := encode(sha256(convert_to(audit_line_text(seq, line.occurred_at, line.database_user, line.acting_role,
            line.os_user, line.action, line.subject, line.run_id, line.row_count, line.detail, previous), 'UTF8')), 'hex');
        update audit_event set chain_seq = seq, previous_hash = previous, line_hash = hash where audit_id = line.audit_id;
        previous := hash;
    end loop;
    alter table audit_event enable trigger audit_event_no_update;
end
$chain$;
alter table audit_event alter column chain_seq set not null;
alter table audit_event alter column line_hash set not null;
alter table audit_event add constraint audit_event_chain_seq unique (chain_seq);

-- The one way to add a line. Who and when come from the server: the login (session_user), the role it acts as (the
-- session's SET ROLE, which PostgreSQL only allows to a member, or else the login) and the transaction's time. The
-- operating-system account is what the client reported (outcomes.os_user), kept as a hint and marked so in the docs.
-- Lines are chained under a transaction-scoped lock, so two writers take turns and the chain has no gaps.
create function audit_record(action text, subject text, run_id uuid default null, row_count bigint default null, detail text default null)
returns bigint
language plpgsql volatile security definer
set search_path = pg_catalog, public
as $$
declare
    acting text := nullif(current_setting('role'), 'none');
    os text := left(nullif(current_setting('outcomes.os_user', true), ''), 63);
    at timestamptz := now();
    last record;
    seq bigint;
    hash text;
    id bigint;
begin
    if action is null or action !~ '^[a-z_]+(\.[a-z_]+)*$' or length(action) > 64 then
        raise exception 'audit_record: an action is a dotted lower-case word, e.g. export.workbook' using errcode = 'invalid_parameter_value';
    end if;
    if subject is null or length(subject) > 500 then
        raise exception 'audit_record: a subject of at most 500 characters is required' using errcode = 'invalid_parameter_value';
    end if;
    perform pg_advisory_xact_lock(hashtext('outcomes.audit_event.chain'));
    select a.chain_seq, a.line_hash into last from public.audit_event a order by a.chain_seq desc limit 1;
    seq := coalesce(last.chain_seq, 0) + 1;
    hash := encode(sha256(convert_to(public.audit_line_text(seq, at, session_user::text, coalesce(acting, session_user::text),
        os, action, subject, run_id, row_count, left(detail, 2000), last.line_hash), 'UTF8')), 'hex');
    insert into public.audit_event (occurred_at, database_user, acting_role, os_user, action, subject, run_id, row_count, detail,
                                    chain_seq, previous_hash, line_hash)
    values (at, session_user, coalesce(acting, session_user::text), os, action, subject, run_id, row_count, left(detail, 2000),
            seq, last.line_hash, hash)
    returning audit_id into id;
    return id;
end
$$;
revoke all on function audit_record(text, text, uuid, bigint, text) from public;

-- Changes the database itself records, whichever client made them, now through audit_record.
create or replace function audit_change() returns trigger
language plpgsql
set search_path = pg_catalog, public
as $$
begin
    if tg_table_name = 'risk_flag_review' then
        perform public.audit_record('flag.review', 'flag ' || new.flag_id, null, null,
            new.from_status || ' -> ' || new.to_status || ' by ' || new.reviewer_role);
    elsif tg_table_name = 'outcome_target' then
        perform public.audit_record('target.set', 'target ' || new.target_id, null, null,
            new.metric || coalesce(' at ' || new.facility_id, '') || coalesce(' ' || new.level_of_care, '')
            || ' ' || new.direction || ' ' || new.target || ' from ' || new.effective_from);
    elsif tg_table_name = 'action_plan_event' then
        perform public.audit_record('action_plan.change', 'action plan ' || new.plan_id, null, null,
            coalesce(new.from_status || ' -> ', '') || new.to_status || ' by ' || new.changed_by);
    end if;
    return new;
end
$$;

-- The worklist export, as in migration 0015, with its audit line written through audit_record (the acting role from
-- the session, no longer from a setting the client sends).
create or replace function flag_worklist(facility text, purpose text)
returns table (
    facility_id text, source_patient_id text, source_episode_id text, level_of_care text, admitted_on date,
    raised_on date, rank_in_facility integer, probability double precision, reasons text, model_id bigint,
    review_status text, reviewed_by text, reviewed_on date, review_outcome text)
language plpgsql volatile security definer
set search_path = pg_catalog, public
as $$
declare
    scope text[] := public.facility_scope();
    exported bigint;
begin
    if purpose is null or length(trim(purpose)) < 3 then
        raise exception 'flag_worklist: a purpose is required for an export of patient identifiers' using errcode = 'invalid_parameter_value';
    end if;
    return query
    select e.facility_id, i.source_patient_id, e.source_episode_id, p.level_of_care, e.admitted_on, f.raised_on,
           f.rank_in_facility, f.probability, array_to_string(f.reasons, '; '), f.model_id, f.status,
           case when last.reviewer_role is null then null
                else last.reviewer_role || coalesce(' (' || last.reviewer || ')', '') end,
           (last.reviewed_at at time zone 'UTC')::date, last.action
    from public.risk_flag f
    join public.episode e on e.episode_key = f.episode_key
    join public.program p on p.program_key = e.program_key
    join public.patient_identity i on i.patient_key = e.patient_key
    left join lateral (
        select v.reviewer_role, v.reviewer, v.reviewed_at, v.action from public.risk_flag_review v
        where v.flag_id = f.flag_id order by v.review_id desc limit 1
    ) last on true
    where f.status in ('open', 'acknowledged')
      and (facility is null or e.facility_id = facility)
      and (scope is null or e.facility_id = any (scope))
    order by e.facility_id, f.raised_on desc, f.rank_in_facility;
    get diagnostics exported = row_count;
    perform public.audit_record('export.flag_worklist', coalesce('facility ' || facility, 'all facilities'), null, exported,
        'purpose: ' || purpose);
end
$$;
