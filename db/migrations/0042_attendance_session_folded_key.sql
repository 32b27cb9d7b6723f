-- Session ids are compared without regard to case (docs/data-contract.md). Before each sessions file is merged, the
-- ingest asks whether any stored id is another spelling of a staged one; with no index on the folded id that question
-- read and folded every stored session, so a month's file cost what the whole history holds (docs/performance.md,
-- "Growth with the history's size"). The table's unique key is now the folded id itself: the question becomes one index
-- probe per staged id, the database refuses a second spelling of a stored id, and the table keeps the same number of
-- indexes (the key replaces the primary key, in the same column order). The merge names this key as its conflict
-- target; every staged id is already rewritten to its stored spelling, so what conflicts is what did before.
alter table attendance_session drop constraint attendance_session_pkey;
create unique index attendance_session_key on attendance_session (lower(source_session_id), facility_id);

-- The bulk merge's functions that drop and build the indexes again (migrations 0027 and 0029), with the folded key.
create or replace function attendance_session_drop_index(index_name text) returns void
language plpgsql volatile security definer
set search_path = pg_catalog, public
as $$
begin
    if public.facility_scope() is not null then
        raise exception 'a facility-limited login may not rebuild the sessions table''s indexes' using errcode = 'insufficient_privilege';
    end if;
    case index_name
        when 'attendance_session_key' then
            drop index public.attendance_session_key;
        when 'attendance_session_episode' then
            drop index public.attendance_session_episode;
        when 'attendance_session_family_attended' then
            drop index public.attendance_session_family_attended;
        else
            raise exception 'attendance_session_drop_index: unknown index %', index_name using errcode = 'invalid_parameter_value';
    end case;
end
$$;
revoke all on function attendance_session_drop_index(text) from public;

create or replace function attendance_session_create_index(index_name text) returns void
language plpgsql volatile security definer
set search_path = pg_catalog, public
as $$
begin
    if public.facility_scope() is not null then
        raise exception 'a facility-limited login may not rebuild the sessions table''s indexes' using errcode = 'insufficient_privilege';
    end if;
    case index_name
        when 'attendance_session_key' then
            create unique index attendance_session_key on public.attendance_session (lower(source_session_id), facility_id);
        when 'attendance_session_episode' then
            create index attendance_session_episode on public.attendance_session (episode_key, session_date)
                include (status, attended_minutes);
        when 'attendance_session_family_attended' then
            create index attendance_session_family_attended on public.attendance_session (episode_key, session_date)
                where kind = 'family' and status in ('attended', 'late', 'left_early');
        else
            raise exception 'attendance_session_create_index: unknown index %', index_name using errcode = 'invalid_parameter_value';
    end case;
end
$$;
revoke all on function attendance_session_create_index(text) from public;
