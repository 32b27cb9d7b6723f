-- The dropout model's features read every session of each snapshot's episode up to the snapshot day: its date, its
-- status and the minutes attended. Through the episode index alone each of those rows was a read of its own table
-- page (the sessions of an episode arrive over weeks and lie apart), which made most of scoring the patients in care
-- (docs/performance.md). The episode index now also holds the session's day, status and attended minutes, so the
-- features are read from the index alone (an index-only scan, once vacuum has marked the pages visible). It still
-- serves every lookup by episode as before; it is larger (the included columns cannot be deduplicated), and the
-- sessions file's bulk merge builds it again in its new form.
drop index if exists attendance_session_episode;
create index attendance_session_episode on attendance_session (episode_key, session_date) include (status, attended_minutes);

-- The bulk merge's function that builds the indexes again (migration 0027), with the episode index in its new form.
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
