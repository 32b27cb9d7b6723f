-- A first load (or a backfill bringing more new sessions than the table holds) touches nearly every week, and the
-- statement triggers that keep session_week and session_month rebuild them in steps made for a small share of the weeks
-- (migration 0043): the weeks the statement's rows fall in, found by a grouping of every inserted row, joined back to
-- the sessions, grouped again, then the months those weeks touch. For 2 M sessions that was most of the load's time
-- (docs/performance.md, "Ingest"). When the whole table is the statement's share, one grouping of every session does
-- the same work once: the bulk merge puts the summaries off while it writes, in its own transaction, and rebuilds them
-- whole before it commits.

-- Whether this transaction has put the session summaries off. Only a login that sees every facility may: a summary
-- rebuilt whole is rebuilt for every facility.
create function session_summaries_deferred() returns boolean
language sql stable as $$
    select coalesce(current_setting('outcomes.session_summaries', true) = 'deferred', false) and facility_scope() is null
$$;

-- Puts the summaries off until session_summaries_rebuild(), within the calling transaction (a rollback, to a savepoint
-- too, restores the setting).
create function session_summaries_defer() returns void
language plpgsql as $$
begin
    if facility_scope() is not null then
        raise exception 'a login limited to facilities cannot put off the session summaries, which hold every facility''s rows';
    end if;
    perform set_config('outcomes.session_summaries', 'deferred', true);
end
$$;

-- Rebuilds session_week and session_month whole from the sessions, as migrations 0006 and 0024 first filled them, and
-- keeps them up to date again, statement by statement.
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
