-- Facility scoping, row-level security and the audit trail (docs/security.md). The roles themselves, their grants
-- and the ingest role's ownership of attendance_session are in db/grants.sql, which the migration runner applies
-- after every migration, and again after a restore: a backup restored into another cluster finds its roles there.

-- Facility scoping. A login listed here sees only the facilities listed for it, whatever role it acts as; a login
-- not listed is not restricted (the analysis runs of a whole network need every facility). Keyed by the login
-- (session_user), so switching to another role with SET ROLE does not lift the restriction.
create table facility_access (
    login_name name not null,
    facility_id text not null references facility,
    granted_by text not null default session_user,
    granted_at timestamptz not null default now(),
    primary key (login_name, facility_id)
);

-- The facilities the current login may see, or null when it is not restricted. Security definer so that the
-- policies can read facility_access without granting it to every role; parallel safe so that a policy calling it
-- does not take parallel plans away from the analysis. Policies call it as a scalar subquery, "(select
-- facility_scope())", which PostgreSQL evaluates once per statement rather than once per row.
create function facility_scope() returns text[]
language sql stable parallel safe security definer
set search_path = pg_catalog, public
as $$
    select case when count(*) = 0 then null else array_agg(facility_id order by facility_id) end
    from public.facility_access where login_name = session_user
$$;
revoke all on function facility_scope() from public;

-- Whether a child row's parent (episode, flag, run, target, plan) lies in the login's facilities; called by the
-- policies below only for a facility-limited login. Functions rather than subqueries: a subquery in a policy made
-- the planner give up parallel plans and index probes for every login, limited or not (the weekly sums of a month
-- took 0.92 s against 0.47 s, a month's possibly missing discharges 2.1 s against 0.6 s, on the 1 M-episode history).
-- Security definer, so that they read the parents whatever the caller may read, and apply the scope themselves.
create function episode_in_scope(key bigint) returns boolean
language sql stable parallel safe security definer cost 1
set search_path = pg_catalog, public
as $$ select exists (select 1 from public.episode e where e.episode_key = key and e.facility_id = any (public.facility_scope())) $$;

create function flag_in_scope(key bigint) returns boolean
language sql stable parallel safe security definer cost 1
set search_path = pg_catalog, public
as $$ select exists (select 1 from public.risk_flag f where f.flag_id = key and f.facility_id = any (public.facility_scope())) $$;

create function run_in_scope(key uuid) returns boolean
language sql stable parallel safe security definer cost 1
set search_path = pg_catalog, public
as $$ select exists (select 1 from public.analysis_run r where r.run_id = key and r.facility_filter = any (public.facility_scope())) $$;

create function target_in_scope(key bigint) returns boolean
language sql stable parallel safe security definer cost 1
set search_path = pg_catalog, public
as $$ select exists (select 1 from public.outcome_target t where t.target_id = key
                     and (t.facility_id is null or t.facility_id = any (public.facility_scope()))) $$;

create function plan_in_scope(key bigint) returns boolean
language sql stable parallel safe security definer cost 1
set search_path = pg_catalog, public
as $$ select exists (select 1 from public.action_plan a where a.plan_id = key and public.target_in_scope(a.target_id)) $$;

-- Row-level security: a permissive policy that lets every role see and write every row its grants allow, and a
-- restrictive one that a facility-scoped login's rows must also pass. The table owner (the account that migrates)
-- is not subject to either.
do $rls$
declare
    spec record;
    scoped text;
begin
    for spec in
        select * from (values
            ('facility', 'facility_id = any ((select facility_scope())::text[])'),
            ('program', 'facility_id = any ((select facility_scope())::text[])'),
            ('patient_identity', 'facility_id = any ((select facility_scope())::text[])'),
            ('patient', 'facility_id = any ((select facility_scope())::text[])'),
            ('episode', 'facility_id = any ((select facility_scope())::text[])'),
            ('risk_flag', 'facility_id = any ((select facility_scope())::text[])'),
            ('attendance_session', 'episode_in_scope(episode_key)'),
            ('session_week', 'episode_in_scope(episode_key)'),
            ('family_contact', 'episode_in_scope(episode_key)'),
            ('drug_screen', 'episode_in_scope(episode_key)'),
            ('relapse_event', 'episode_in_scope(episode_key)'),
            ('follow_up', 'episode_in_scope(episode_key)'),
            ('risk_score', 'episode_in_scope(episode_key)'),
            ('risk_flag_review', 'flag_in_scope(flag_id)'),
            -- A run of the whole network (facility_filter null) holds every facility's figures: hidden from a scoped login.
            ('analysis_run', 'facility_filter = any ((select facility_scope())::text[])'),
            ('analysis_figure', 'run_in_scope(run_id)'),
            -- Targets of the whole network apply to every facility and hold no patient data.
            ('outcome_target', 'facility_id is null or facility_id = any ((select facility_scope())::text[])'),
            ('action_plan', 'target_in_scope(target_id)'),
            ('action_plan_event', 'plan_in_scope(plan_id)'),
            -- Findings about a source folder (not a facility) name no facility: hidden from a scoped login.
            ('data_quality_finding', 'subject = any ((select facility_scope())::text[])')
        ) as t(table_name, scoped)
    loop
        scoped := spec.scoped;
        execute format('alter table %I enable row level security', spec.table_name);
        execute format('create policy every_row on %I as permissive for all to public using (true) with check (true)', spec.table_name);
        execute format(
            'create policy facility_scope on %I as restrictive for all to public using ((select facility_scope()) is null or %s) '
            || 'with check ((select facility_scope()) is null or %s)',
            spec.table_name, scoped, scoped);
    end loop;
end
$rls$;

-- Gives the few-row lookup tables planner statistics (PeriodAnalysis: autovacuum never analyzes a table of a few
-- rows, and joins through a table without statistics are misplanned). ANALYZE needs the table's owner, so the
-- analysis calls this instead.
create function refresh_lookup_statistics() returns void
language plpgsql volatile security definer
set search_path = pg_catalog, public
as $$
begin
    if exists (select 1 from pg_class where oid = 'public.program'::regclass and reltuples < 0) then
        analyze public.program;
    end if;
    if exists (select 1 from pg_class where oid = 'public.facility'::regclass and reltuples < 0) then
        analyze public.facility;
    end if;
end
$$;
revoke all on function refresh_lookup_statistics() from public;

-- The audit trail: every export, every flag review, every change of a target or an action plan, every backup and
-- restore. Rows are only ever added: a trigger refuses updates, deletes and truncation, for the owner too. Who is
-- filled in by the database (the login and the role it acted as) and by the client (the operating-system account,
-- sent as the outcomes.os_user setting of the connection). Subjects describe what was exported (a period, a
-- facility, a file name), never a patient.
create table audit_event (
    audit_id bigint generated always as identity primary key,
    occurred_at timestamptz not null default now(),
    database_user text not null default session_user,
    acting_role text not null default current_user,
    os_user text default nullif(current_setting('outcomes.os_user', true), ''),
    action text not null,
    subject text not null,
    run_id uuid,
    row_count bigint,
    detail text
);
create index audit_event_when on audit_event (occurred_at desc);

create function audit_event_append_only() returns trigger
language plpgsql as $$
begin
    raise exception 'audit_event is append-only: % is not allowed', tg_op using errcode = 'insufficient_privilege';
end
$$;
create trigger audit_event_no_update before update or delete on audit_event
    for each row execute function audit_event_append_only();
create trigger audit_event_no_truncate before truncate on audit_event
    for each statement execute function audit_event_append_only();

-- Changes the database itself records, whichever client made them.
-- Invoker's rights, so that the audit row's acting role is the role that made the change.
create function audit_change() returns trigger
language plpgsql
set search_path = pg_catalog, public
as $$
begin
    if tg_table_name = 'risk_flag_review' then
        insert into public.audit_event (action, subject, detail)
        values ('flag.review', 'flag ' || new.flag_id,
                new.from_status || ' -> ' || new.to_status || ' by ' || new.reviewer_role);
    elsif tg_table_name = 'outcome_target' then
        insert into public.audit_event (action, subject, detail)
        values ('target.set', 'target ' || new.target_id,
                new.metric || coalesce(' at ' || new.facility_id, '') || coalesce(' ' || new.level_of_care, '')
                || ' ' || new.direction || ' ' || new.target || ' from ' || new.effective_from);
    elsif tg_table_name = 'action_plan_event' then
        insert into public.audit_event (action, subject, detail)
        values ('action_plan.change', 'action plan ' || new.plan_id,
                coalesce(new.from_status || ' -> ', '') || new.to_status || ' by ' || new.changed_by);
    end if;
    return new;
end
$$;
create trigger risk_flag_review_audit after insert on risk_flag_review for each row execute function audit_change();
create trigger outcome_target_audit after insert on outcome_target for each row execute function audit_change();
create trigger action_plan_event_audit after insert on action_plan_event for each row execute function audit_change();

-- The one export of patient identifiers: the open and acknowledged flags with the source patient and episode ids.
-- The analyst role cannot read patient_identity; it may call this, which writes the audit row in the same
-- transaction as it returns the rows, and applies the caller's facility scope itself (a security-definer
-- function is not subject to row-level security).
create function flag_worklist(facility text, purpose text)
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
    -- The role the caller acted as: inside this function current_user is the function's owner.
    insert into public.audit_event (acting_role, action, subject, row_count, detail)
    values (coalesce(nullif(current_setting('outcomes.acting_role', true), ''), 'unknown'), 'export.flag_worklist',
            coalesce('facility ' || facility, 'all facilities'), exported, 'purpose: ' || purpose);
end
$$;
revoke all on function flag_worklist(text, text) from public;
