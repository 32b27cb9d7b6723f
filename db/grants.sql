-- What each Outcomes role may touch (docs/security.md). Applied after the migrations every time this text changes
-- or a migration was applied, so a new table is granted here, in one place, and never left readable by accident.
-- Everything is revoked first and granted again: the grants are exactly what this file says.

-- Four group roles (no login of their own): outcomes_ingest writes the core tables, outcomes_analyst reads them
-- (never patient_identity) and writes the analysis tables, outcomes_reporter reads the stored analysis runs and
-- the aggregates reports draw on, outcomes_admin holds all three. Roles belong to the whole PostgreSQL cluster, so
-- several Outcomes databases of one cluster share them: creating them tolerates another database doing the same
-- at the same moment.
do $roles$
declare
    wanted text;
    attempt integer;
begin
    for attempt in 1..20 loop
        begin
            foreach wanted in array array['outcomes_ingest', 'outcomes_analyst', 'outcomes_reporter', 'outcomes_admin'] loop
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
            -- The account that migrates must be able to hand tables to the ingest role (below).
            if not pg_has_role(current_user, 'outcomes_admin', 'member') then
                execute 'grant outcomes_admin to current_user';
            end if;
            exit;
        exception
            when insufficient_privilege then
                raise exception 'Outcomes needs the roles outcomes_ingest, outcomes_analyst, outcomes_reporter and outcomes_admin, '
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

-- The bulk merge of a large sessions file drops and rebuilds the table's indexes inside the file's transaction,
-- which only the table's owner may do: the ingest role owns attendance_session, and no other table.
alter table attendance_session owner to outcomes_ingest;

revoke all on all tables in schema public from outcomes_ingest, outcomes_analyst, outcomes_reporter, outcomes_admin;
revoke all on all sequences in schema public from outcomes_ingest, outcomes_analyst, outcomes_reporter, outcomes_admin;
revoke create on schema public from outcomes_ingest, outcomes_analyst, outcomes_reporter;
grant usage on schema public to outcomes_ingest, outcomes_analyst, outcomes_reporter, outcomes_admin;

-- Every role: whether the schema is up to date, and adding to the audit trail.
grant select on schema_migration, schema_grant to outcomes_ingest, outcomes_analyst, outcomes_reporter;
grant insert on audit_event to outcomes_ingest, outcomes_analyst, outcomes_reporter;

-- Ingest: loads the core tables, the ledger and the quarantine; the only role besides the admin that reads
-- patient_identity (it resolves the source ids). It owns attendance_session (migration 0015) for the bulk merge.
grant select, insert, update on ingest_batch, ingest_quarantine, facility, program, patient_identity, patient, episode,
    family_contact, drug_screen, relapse_event, follow_up, source_file to outcomes_ingest;
-- The statement triggers on attendance_session keep session_week and session_month in the load's own transaction.
grant select, insert, update, delete on session_week, session_month to outcomes_ingest;
-- Its own table: the revoke above took the owner's privileges away too.
grant all on attendance_session to outcomes_ingest;
-- CREATE INDEX needs CREATE on the table's schema as well as its ownership: the bulk load rebuilds the sessions
-- table's indexes. The ingest role could create a table of its own with this; it still reads nothing it was not granted.
grant create on schema public to outcomes_ingest;
grant execute on function refresh_lookup_statistics() to outcomes_ingest;

-- Analyst: reads the clinical tables without identities (patient_identity, the quarantine's raw rows) and writes
-- what the analysis, the dropout model, the flags, the targets and the checks produce.
grant select on facility, program, patient, episode, attendance_session, session_week, session_month, family_contact,
    drug_screen, relapse_event, follow_up, ingest_batch, source_file, job_run to outcomes_analyst;
grant select (quarantine_id, batch_id, file_name, line_number, field, reason) on ingest_quarantine to outcomes_analyst;
grant select, insert, update, delete on analysis_run, analysis_figure, dropout_model, risk_score, risk_flag,
    risk_flag_review, outcome_target, action_plan, action_plan_event, data_quality_finding to outcomes_analyst;
grant execute on function refresh_lookup_statistics() to outcomes_analyst;
grant execute on function flag_worklist(text, text) to outcomes_analyst;

-- Reporter: the stored analysis runs and the aggregates the workbook and the chart pack draw on. Episode rows only
-- by their surrogate key, dates and discharge reason (to count flagged episodes by outcome); no patient table, no
-- source ids, no review notes.
grant select on analysis_run, analysis_figure, outcome_target, action_plan, action_plan_event, data_quality_finding,
    ingest_batch, facility, program, dropout_model to outcomes_reporter;
grant select (episode_key, facility_id, program_key, admitted_on, discharged_on, discharge_reason) on episode to outcomes_reporter;
grant select (episode_key, month_start, last_session_on) on session_week to outcomes_reporter;
grant select (model_id, episode_key, scored_on, probability, flagged) on risk_score to outcomes_reporter;
grant select (flag_id, episode_key, facility_id, raised_on, status) on risk_flag to outcomes_reporter;
grant select (review_id, flag_id, to_status, reviewed_at) on risk_flag_review to outcomes_reporter;

-- Every role adds rows through identity columns.
grant usage on all sequences in schema public to outcomes_ingest, outcomes_analyst, outcomes_reporter;

-- Admin: everything, including the audit trail (which stays append-only), facility scoping and backups.
grant all on all tables in schema public to outcomes_admin;
grant all on all sequences in schema public to outcomes_admin;
grant execute on function refresh_lookup_statistics() to outcomes_admin;
grant execute on function flag_worklist(text, text) to outcomes_admin;
grant execute on function facility_scope() to outcomes_ingest, outcomes_analyst, outcomes_reporter, outcomes_admin;
