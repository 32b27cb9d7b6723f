-- What each Outcomes role may touch (docs/security.md). Applied after the migrations every time this text changes
-- or a migration was applied, so a new table is granted here, in one place, and never left readable by accident.
-- Everything is revoked first and granted again: the grants are exactly what this file says.

-- Five group roles (no login of their own): outcomes_owner owns every object and nothing else, outcomes_ingest writes
-- the core tables, outcomes_analyst reads them (never patient_identity) and writes the analysis tables,
-- outcomes_reporter reads the stored analysis runs and the aggregates reports draw on, outcomes_admin holds those three. Roles belong to the whole PostgreSQL cluster, so
-- several Outcomes databases of one cluster share them: creating them tolerates another database doing the same
-- at the same moment.
do $roles$
declare
    wanted text;
    attempt integer;
begin
    for attempt in 1..20 loop
        begin
            foreach wanted in array array['outcomes_owner', 'outcomes_ingest', 'outcomes_analyst', 'outcomes_reporter', 'outcomes_admin'] loop
                if not exists (select 1 from pg_roles where rolname = wanted) then
                    execute format('create role %I nologin', wanted);
                end if;
            end loop;
            foreach wanted in array array['outcomes_ingest', 'outcomes_analyst', 'outcomes_reporter'] loop
                if not exists (
                    select 1 from pg_auth_members m
                    where m.roleid = (select oid from pg_roles where rolname = wanted)
                      and m.member = (select oid from pg_roles where rolname = 'outcomes_admin')) then
                    execute format('grant %I to outcomes_admin', wanted);
                end if;
            end loop;
            -- The account that migrates hands every object to outcomes_owner (below), which needs membership of it.
            if not pg_has_role(current_user, 'outcomes_owner', 'member') then
                execute 'grant outcomes_owner to current_user';
            end if;
            if not pg_has_role(current_user, 'outcomes_admin', 'member') then
                execute 'grant outcomes_admin to current_user';
            end if;
            -- The embedded cluster's login for daily work (src/Database/Embedded): an administrator, not an owner.
            if exists (select 1 from pg_roles where rolname = 'outcomes_operator')
               and not pg_has_role('outcomes_operator', 'outcomes_admin', 'member') then
                execute 'grant outcomes_admin to outcomes_operator';
            end if;
            exit;
        exception
            when insufficient_privilege then
                raise exception 'Outcomes needs the roles outcomes_owner, outcomes_ingest, outcomes_analyst, outcomes_reporter and outcomes_admin, '
                    'and the account that migrates (%) may not create them', current_user
                    using hint = 'Have a database administrator create them as shown in docs/security.md, or give this account CREATEROLE.';
            when unique_violation or duplicate_object or internal_error then
                -- Another database of this cluster created or granted the same role at the same moment.
                if attempt = 20 then
                    raise;
                end if;
                perform pg_sleep(0.05 * attempt);
        end;
    end loop;
end
$roles$;

-- No login owns anything: every table, sequence, view, function and type of the schema belongs to outcomes_owner,
-- a role that cannot log in and that no Outcomes role is a member of. Only the account that migrates (a member) acts
-- as the owner. Security-definer functions therefore run as outcomes_owner, which row-level security binds (forced).
do $owner$
declare
    o record;
begin
    for o in
        select format('alter %s %s owner to outcomes_owner',
                      case c.relkind when 'S' then 'sequence' when 'v' then 'view' when 'm' then 'materialized view' else 'table' end,
                      c.oid::regclass) as ddl
        from pg_class c join pg_namespace n on n.oid = c.relnamespace
        where n.nspname = 'public' and c.relkind in ('r', 'p', 'v', 'm', 'S')
          and c.relowner <> (select oid from pg_roles where rolname = 'outcomes_owner')
          and not exists (select 1 from pg_depend d where d.objid = c.oid and d.deptype in ('a', 'i', 'e'))
        union all
        select format('alter %s %s owner to outcomes_owner', case p.prokind when 'p' then 'procedure' else 'function' end, p.oid::regprocedure)
        from pg_proc p join pg_namespace n on n.oid = p.pronamespace
        where n.nspname = 'public' and p.proowner <> (select oid from pg_roles where rolname = 'outcomes_owner')
          and not exists (select 1 from pg_depend d where d.objid = p.oid and d.deptype = 'e')
        union all
        select format('alter type %s owner to outcomes_owner', t.oid::regtype)
        from pg_type t join pg_namespace n on n.oid = t.typnamespace
        where n.nspname = 'public' and t.typtype in ('c', 'e', 'd') and t.typrelid = 0
          and t.typowner <> (select oid from pg_roles where rolname = 'outcomes_owner')
          and not exists (select 1 from pg_depend d where d.objid = t.oid and d.deptype = 'e')
    loop
        execute o.ddl;
    end loop;
end
$owner$;

-- Nobody but the schema's owner creates objects in it: PUBLIC loses CREATE (PostgreSQL 15 no longer grants it; older
-- servers did). A login that could create a function could plant one that runs as whoever calls it by name.
do $create$
begin
    revoke create on schema public from public;
exception
    when insufficient_privilege then
        if exists (select 1 from pg_namespace n, aclexplode(n.nspacl) a
                   where n.nspname = 'public' and a.grantee = 0 and a.privilege_type = 'CREATE') then
            raise exception 'every role may create objects in schema public, and the account that migrates (%) may not revoke it', current_user
                using hint = 'Have the schema''s owner run: revoke create on schema public from public;';
        end if;
end
$create$;
-- The owner role (no login) builds indexes again for the bulk load's functions: CREATE INDEX needs CREATE on the schema.
grant create on schema public to outcomes_owner;

revoke all on all tables in schema public from outcomes_ingest, outcomes_analyst, outcomes_reporter, outcomes_admin;
revoke all on all sequences in schema public from outcomes_ingest, outcomes_analyst, outcomes_reporter, outcomes_admin;
revoke create on schema public from outcomes_ingest, outcomes_analyst, outcomes_reporter, outcomes_admin;
grant usage on schema public to outcomes_ingest, outcomes_analyst, outcomes_reporter, outcomes_admin;

-- Every role: whether the schema is up to date, and adding to the audit trail, only through audit_record (migration
-- 0021), which takes who and when from the server and chains the line.
grant select on schema_migration, schema_grant to outcomes_ingest, outcomes_analyst, outcomes_reporter, outcomes_admin;
grant execute on function audit_record(text, text, uuid, bigint, text) to outcomes_ingest, outcomes_analyst, outcomes_reporter, outcomes_admin;

-- Ingest: loads the core tables, the ledger and the quarantine; the only role besides the admin that reads
-- patient_identity (it resolves the source ids).
grant select, insert, update on ingest_batch, ingest_quarantine, facility, program, patient_identity, patient, episode,
    family_contact, drug_screen, relapse_event, follow_up, source_file to outcomes_ingest;
-- Data contract v2 (migration 0038): instrument scores, referrals (with the identities they register) and surveys.
grant select, insert, update on assessment, referral, survey to outcomes_ingest;
-- The program's own instruments the load declared (migration 0039): read to compare, written when they changed.
grant select, insert, update on program_instrument to outcomes_ingest;
-- The statement triggers on attendance_session keep session_week and session_month in the load's own transaction.
grant select, insert, update, delete on session_week, session_month to outcomes_ingest;
grant select, insert, update, delete on attendance_session to outcomes_ingest;
-- The bulk merge's index rebuild, through the two functions that hold its statements (migration 0021).
grant execute on function attendance_session_drop_index(text), attendance_session_create_index(text) to outcomes_ingest;
grant execute on function refresh_lookup_statistics() to outcomes_ingest;

-- Analyst: reads the clinical tables without identities (patient_identity, the quarantine's raw rows) and writes
-- what the analysis, the dropout model, the flags, the targets and the checks produce.
grant select on facility, program, patient, episode, attendance_session, session_week, session_month, family_contact,
    drug_screen, relapse_event, follow_up, ingest_batch, source_file, job_run to outcomes_analyst;
grant select on assessment, referral, survey to outcomes_analyst;
-- The stored definitions of the program's own instruments, which the analysis measures their scores by.
grant select on program_instrument to outcomes_analyst;
grant select (quarantine_id, batch_id, file_name, line_number, field, reason) on ingest_quarantine to outcomes_analyst;
grant select, insert, update, delete on analysis_run, analysis_figure, dropout_model, risk_score, risk_flag,
    risk_flag_review, outcome_target, action_plan, action_plan_event, data_quality_finding to outcomes_analyst;
-- Notes on a target's year are added, never changed (migration 0025).
grant select, insert on target_note to outcomes_analyst;
grant execute on function refresh_lookup_statistics() to outcomes_analyst;
grant execute on function flag_worklist(text, text) to outcomes_analyst;
-- One flag's source ids on the worklist page, each call audited (migration 0031): the roles that may export them.
grant execute on function flag_source_id(bigint, text) to outcomes_analyst;

-- Reporter: the stored analysis runs and the aggregates the workbook and the chart pack draw on. Episode rows only
-- by their surrogate key, dates and discharge reason (to count flagged episodes by outcome); no patient table, no
-- source ids, no review notes, no counsellor (counsellor-level figures are staff performance data, migration 0034).
grant select on analysis_run, analysis_figure, outcome_target, action_plan, action_plan_event, target_note, data_quality_finding,
    ingest_batch, facility, program, dropout_model to outcomes_reporter;
grant select (episode_key, facility_id, program_key, admitted_on, discharged_on, discharge_reason) on episode to outcomes_reporter;
-- Instrument scores, referrals and surveys (migration 0038) are patient rows like screens and follow-ups: the reporter
-- reads the figures the runs made of them, never the rows. The program's own instruments' definitions hold no patient
-- data: the reports may name a figure's instrument, range, cut-off and source.
grant select on program_instrument to outcomes_reporter;
grant select (episode_key, month_start, last_session_on) on session_week to outcomes_reporter;
grant select (model_id, episode_key, scored_on, probability, flagged) on risk_score to outcomes_reporter;
-- A flag's own horizon, its reasons and the rule that raised it: the Risk flags sheet counts the reasons by warning
-- sign (never a flag's text) and names the rule.
grant select (flag_id, episode_key, facility_id, raised_on, status, horizon_days, reasons, threshold_rule) on risk_flag to outcomes_reporter;
grant select (review_id, flag_id, to_status, reviewed_at) on risk_flag_review to outcomes_reporter;

-- Every role adds rows through identity columns.
grant usage on all sequences in schema public to outcomes_ingest, outcomes_analyst, outcomes_reporter;

-- Admin: reads and writes every table's rows, never its structure (no TRUNCATE, which passes row-level security by,
-- no TRIGGER, no REFERENCES). It reads the audit trail and the facility limits; only the account that migrates
-- changes those (outcomes access), so a facility-limited administrator cannot lift its own limit.
grant select, insert, update, delete on all tables in schema public to outcomes_admin;
revoke insert, update, delete on audit_event, facility_access, schema_migration, schema_grant from outcomes_admin;
revoke update, delete on target_note from outcomes_admin;
-- The backup and drill results are a record: added by the jobs, never changed (migration 0032).
revoke update, delete on backup_run from outcomes_admin;
grant usage, select on all sequences in schema public to outcomes_admin;
grant execute on function refresh_lookup_statistics() to outcomes_admin;
grant execute on function flag_worklist(text, text) to outcomes_admin;
grant execute on function flag_source_id(bigint, text) to outcomes_admin;
grant execute on function facility_scope() to outcomes_ingest, outcomes_analyst, outcomes_reporter, outcomes_admin;
-- A function that runs with its owner's rights is called only by the roles granted it here, never by PUBLIC (the
-- default for a new function); the row-level policies' helpers are called by whoever queries the tables.
do $definer$
declare
    f record;
begin
    for f in select p.oid::regprocedure as signature from pg_proc p join pg_namespace n on n.oid = p.pronamespace
             where n.nspname = 'public' and p.prosecdef
    loop
        execute format('revoke all on function %s from public', f.signature);
    end loop;
end
$definer$;
grant execute on function batch_in_scope(bigint), episode_in_scope(bigint), episode_in_scope(bigint, text[]), flag_in_scope(bigint), run_in_scope(uuid),
    target_in_scope(bigint), plan_in_scope(bigint) to outcomes_ingest, outcomes_analyst, outcomes_reporter, outcomes_admin;

-- Hangfire's queue (schema hangfire, created by the scheduled pipeline's first start through the account that
-- migrates) is worked by the administrator role.
do $hangfire$
begin
    if exists (select 1 from pg_namespace where nspname = 'hangfire') then
        grant usage on schema hangfire to outcomes_admin;
        grant select, insert, update, delete on all tables in schema hangfire to outcomes_admin;
        grant usage, select, update on all sequences in schema hangfire to outcomes_admin;
    end if;
end
$hangfire$;
