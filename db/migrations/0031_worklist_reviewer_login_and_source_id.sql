-- The worklist page's review history and its "show id" action (docs/security.md, "The web pages").

-- Who made a review step, as the server knows it: the login (session_user), filled by the database on insert and never
-- changed afterwards, whatever a client sends. Steps recorded before this migration keep no login (null): the audit
-- trail's flag.review line of the same step names it.
alter table risk_flag_review add column reviewed_by text;

create function risk_flag_review_login() returns trigger
language plpgsql
set search_path = pg_catalog, public
as $$
begin
    if tg_op = 'INSERT' then
        new.reviewed_by := session_user;
    else
        new.reviewed_by := old.reviewed_by;
    end if;
    return new;
end
$$;
create trigger risk_flag_review_login before insert or update on risk_flag_review
    for each row execute function risk_flag_review_login();

-- One flag's source patient and episode ids, for the care team that calls the patient from the worklist page. Only the
-- roles granted it in db/grants.sql may call it (those that may call the worklist export, flag_worklist). It applies the
-- login's facility limit itself (a flag of another facility, or no flag, returns no row) and writes the audit line
-- of every call, the refused ones included, in the same transaction as it returns the ids, with the login and the role
-- taken from the server (audit_record).
create function flag_source_id(flag bigint, purpose text)
returns table (source_patient_id text, source_episode_id text, facility_id text)
language plpgsql volatile security definer
set search_path = pg_catalog, public
as $$
declare
    scope text[] := public.facility_scope();
    shown bigint;
begin
    if purpose is null or length(trim(purpose)) < 3 then
        raise exception 'flag_source_id: a purpose is required to see a patient''s source id' using errcode = 'invalid_parameter_value';
    end if;
    return query
    select i.source_patient_id, e.source_episode_id, e.facility_id
    from public.risk_flag f
    join public.episode e on e.episode_key = f.episode_key
    join public.patient_identity i on i.patient_key = e.patient_key
    where f.flag_id = flag
      and (scope is null or e.facility_id = any (scope));
    get diagnostics shown = row_count;
    perform public.audit_record('view.source_id', 'flag ' || flag, null, shown,
        case when shown = 0 then 'refused: no such flag in the login''s facilities; ' else '' end || 'purpose: ' || left(purpose, 200));
end
$$;
revoke all on function flag_source_id(bigint, text) from public;
