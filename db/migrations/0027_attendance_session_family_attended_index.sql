-- Family involvement (docs/performance.md) asks, for each episode of the period, whether an attended family session
-- fell in its first 14 days. Through the episode index that read every session of the episode (about 20) to keep
-- the few attended family ones. This partial index holds only those rows, by episode and day: one probe per episode.
-- Its predicate is the query's, word for word, so the planner can prove the query implies it.
-- It holds an eighth of the rows (attended family sessions): about a third of the episode index's build time.
create index if not exists attendance_session_family_attended on attendance_session (episode_key, session_date)
    where kind = 'family' and status in ('attended', 'late', 'left_early');

-- The sessions file's bulk merge drops the table's indexes and builds them again (migration 0021): this one too, so a
-- first load or a full re-export builds it once instead of keeping it up row by row. The functions are those of 0021
-- with this index added.
create or replace function attendance_session_drop_index(index_name text) returns void
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
        when 'attendance_session_family_attended' then
            drop index public.attendance_session_family_attended;
        else
            raise exception 'attendance_session_drop_index: unknown index %', index_name using errcode = 'invalid_parameter_value';
    end case;
end
$$;

create or replace function attendance_session_create_index(index_name text) returns void
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
        when 'attendance_session_family_attended' then
            create index attendance_session_family_attended on public.attendance_session (episode_key, session_date)
                where kind = 'family' and status in ('attended', 'late', 'left_early');
        else
            raise exception 'attendance_session_create_index: unknown index %', index_name using errcode = 'invalid_parameter_value';
    end case;
end
$$;
revoke all on function attendance_session_drop_index(text) from public;
revoke all on function attendance_session_create_index(text) from public;
