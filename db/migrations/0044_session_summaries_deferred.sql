-- A first load (or a backfill bringing more new sessions than the table holds) touches nearly every week, and the
-- statement triggers that keep session_week and session_month rebuild them in steps made for a small share of the weeks
-- (migration 0043): the weeks the statement's rows fall in, found by a grouping of every inserted row, joined back to
-- the sessions, grouped again, then the months those weeks touch. Each episode's first attended family day (migration
-- 0037) is found by another pass over the inserted rows. For 2 M sessions that was most of the load's time
-- (docs/performance.md, "Ingest"). When the whole table is the statement's share, one grouping of every session does
-- the same work once: the bulk merge puts these summaries of the sessions off while it writes, in its own transaction,
-- and rebuilds them whole before it commits.

-- Whether this transaction has put the session summaries off. Only a login that sees every facility may: a summary
-- rebuilt whole is rebuilt for every facility.
create function session_summaries_deferred() returns boolean
language sql stable as $$
    select coalesce(current_setting('outcomes.session_summaries', true) = 'deferred', false) and facility_scope() is null
$$;

-- Refuses a commit while the summaries are still put off: fired at commit by the row session_summaries_defer() writes.
create function session_summaries_check_rebuilt() returns trigger
language plpgsql as $$
begin
    if session_summaries_deferred() then
        raise exception 'the session summaries were put off in this transaction and never rebuilt'
            using hint = 'Call session_summaries_rebuild() before committing.';
    end if;
    return null;
end
$$;

-- Puts the summaries off until session_summaries_rebuild(), within the calling transaction (a rollback, to a savepoint
-- too, restores the setting). A transaction that puts them off and does not rebuild them cannot commit: the row written
-- here fires a deferred check at commit (a temporary table of the session's own, dropped at commit).
create function session_summaries_defer() returns void
language plpgsql as $$
begin
    if facility_scope() is not null then
        raise exception 'a login limited to facilities cannot put off the session summaries, which hold every facility''s rows';
    end if;
    if to_regclass('pg_temp.session_summaries_put_off') is null then
        create temp table session_summaries_put_off (put_off boolean) on commit drop;
        create constraint trigger session_summaries_rebuilt after insert on session_summaries_put_off
            deferrable initially deferred for each row execute function session_summaries_check_rebuilt();
    end if;
    insert into session_summaries_put_off values (true);
    perform set_config('outcomes.session_summaries', 'deferred', true);
end
$$;

-- Rebuilds session_week, session_month and the episodes' first attended family day whole from the sessions, as
-- migrations 0006, 0024 and 0037 first filled them, and keeps them up to date again, statement by statement. The family
-- day is read through the sessions' partial index of attended family sessions, which the bulk merge has built again.
create function session_summaries_rebuild() returns void
language plpgsql
set work_mem = '256MB'
as $$
begin
    if not session_summaries_deferred() then
        raise exception 'the session summaries were not put off in this transaction: they are up to date';
    end if;
    delete from session_month;
    delete from session_week;
    insert into session_week
    select r.*, sum(r.attended_minutes) over (partition by r.episode_key, r.week_start)
    from session_week_rows('-infinity', 'infinity') r;
    insert into session_month select * from session_month_rows('session_week');
    update episode e set first_family_session_on = f.first_on
    from (
        select x.episode_key, min(s.session_date) as first_on
        from episode x
        left join attendance_session s on s.episode_key = x.episode_key
             and s.kind = 'family' and s.status in ('attended', 'late', 'left_early')
             and s.session_date >= x.admitted_on
        group by x.episode_key
    ) f
    where e.episode_key = f.episode_key and e.first_family_session_on is distinct from f.first_on;
    perform set_config('outcomes.session_summaries', '', true);
end
$$;

-- The week-row triggers of migration 0006, now skipped while the summaries are put off.
drop trigger session_week_after_insert on attendance_session;
drop trigger session_week_after_update on attendance_session;
drop trigger session_week_after_delete on attendance_session;
create trigger session_week_after_insert after insert on attendance_session
    referencing new table as new_rows for each statement
    when (not session_summaries_deferred()) execute function session_week_refresh();
create trigger session_week_after_update after update on attendance_session
    referencing old table as old_rows new table as new_rows for each statement
    when (not session_summaries_deferred()) execute function session_week_refresh();
create trigger session_week_after_delete after delete on attendance_session
    referencing old table as old_rows for each statement
    when (not session_summaries_deferred()) execute function session_week_refresh();

-- The first family day's triggers of migration 0037, skipped in the same way.
drop trigger episode_first_family_after_insert on attendance_session;
drop trigger episode_first_family_after_update on attendance_session;
drop trigger episode_first_family_after_delete on attendance_session;
create trigger episode_first_family_after_insert after insert on attendance_session
    referencing new table as new_rows for each statement
    when (not session_summaries_deferred()) execute function episode_first_family_session_added();
create trigger episode_first_family_after_update after update on attendance_session
    referencing old table as old_rows new table as new_rows for each statement
    when (not session_summaries_deferred()) execute function episode_first_family_session_changed();
create trigger episode_first_family_after_delete after delete on attendance_session
    referencing old table as old_rows for each statement
    when (not session_summaries_deferred()) execute function episode_first_family_session_changed();
