-- A statement on the sessions rebuilt the week and month rows of every episode it touched from all of that episode's
-- sessions, and with tens of thousands of episodes touched (a month's file) the planner read the whole sessions table
-- and the whole week table to do it: the month's ingest cost what the history holds (docs/performance.md, "Growth with
-- the history's size": the week-row trigger took 63 of 99 s of a month's merge at 1 M episodes). Only the weeks the
-- statement's rows fall in can change, and only the months those weeks touch (a week split by a month end touches
-- two): those are rebuilt now, each read by its key.

-- The week rows of the sessions from `first` to `last`; with `episodes`, a table of (episode_key, week_start) pairs, only
-- those weeks, each read through the sessions' episode index (the parameter keeps its name from migration 0006).
create or replace function session_week_rows(first date, last date, episodes regclass default null) returns setof session_week_part
language plpgsql stable as $fn$
begin
    return query execute format($q$
        select episode_key, week_start, month_start,
               count(*)::int,
               max(session_date),
               sum(attended_minutes)::int,
               coalesce(sum(scheduled_minutes) filter (where status <> 'cancelled_by_program'), 0)::int,
               count(*) filter (where kind = 'family' and status in ('attended', 'late', 'left_early'))::int,
               count(*) filter (where kind = 'group' and status not in ('cancelled_by_program', 'excused'))::int,
               count(*) filter (where kind = 'group' and status = 'no_show')::int,
               count(*) filter (where kind = 'individual' and status not in ('cancelled_by_program', 'excused'))::int,
               count(*) filter (where kind = 'individual' and status = 'no_show')::int,
               count(*) filter (where kind = 'family' and status not in ('cancelled_by_program', 'excused'))::int,
               count(*) filter (where kind = 'family' and status = 'no_show')::int,
               count(*) filter (where kind = 'psychoeducation' and status not in ('cancelled_by_program', 'excused'))::int,
               count(*) filter (where kind = 'psychoeducation' and status = 'no_show')::int,
               count(*) filter (where kind = 'medication_management' and status not in ('cancelled_by_program', 'excused'))::int,
               count(*) filter (where kind = 'medication_management' and status = 'no_show')::int,
               count(*) filter (where kind = 'case_management' and status not in ('cancelled_by_program', 'excused'))::int,
               count(*) filter (where kind = 'case_management' and status = 'no_show')::int
        from (
            select s.episode_key, s.session_date, s.kind, s.status, s.scheduled_minutes, s.attended_minutes,
                   date_trunc('week', s.session_date::timestamp)::date as week_start,
                   date_trunc('month', s.session_date::timestamp)::date as month_start
            from %s
            where s.session_date between $1 and $2
        ) s
        group by episode_key, week_start, month_start
        $q$,
        case when episodes is null then 'attendance_session s'
             else format('%s t join attendance_session s on s.episode_key = t.episode_key and s.session_date between t.week_start and t.week_start + 6', episodes)
        end)
    using first, last;
end
$fn$;

-- The weeks a statement's rows fall in, and the months those weeks touch, rebuilt from their sessions and weeks. The
-- joins go by the keys (nested loops over the touched pairs): with many pairs the planner would otherwise read whole
-- tables to find a small share of them. A first load, whose indexes the bulk merge has dropped, still gets hash joins,
-- the only plan left to it.
create or replace function session_week_refresh() returns trigger
language plpgsql
set enable_hashjoin = off
set enable_mergejoin = off
as $$
begin
    create temp table session_week_touched (episode_key bigint, week_start date, primary key (episode_key, week_start));
    if tg_op in ('INSERT', 'UPDATE') then
        insert into session_week_touched
        select distinct episode_key, date_trunc('week', session_date::timestamp)::date from new_rows
        on conflict do nothing;
    end if;
    if tg_op in ('UPDATE', 'DELETE') then
        insert into session_week_touched
        select distinct episode_key, date_trunc('week', session_date::timestamp)::date from old_rows
        on conflict do nothing;
    end if;
    analyze session_week_touched;

    delete from session_week w using session_week_touched t where w.episode_key = t.episode_key and w.week_start = t.week_start;
    insert into session_week
    select r.*, sum(r.attended_minutes) over (partition by r.episode_key, r.week_start)
    from session_week_rows('-infinity', 'infinity', 'session_week_touched') r;

    -- A month row sums its weeks' rows, and marks a Monday by its whole week's minutes: it is rebuilt from every week
    -- row of the weeks overlapping the month (both parts of a week split by a month end), and only the touched months
    -- are kept.
    create temp table session_month_touched_months (episode_key bigint, month_start date, primary key (episode_key, month_start));
    insert into session_month_touched_months
    select episode_key, date_trunc('month', week_start::timestamp)::date from session_week_touched
    union
    select episode_key, date_trunc('month', (week_start + 6)::timestamp)::date from session_week_touched
    on conflict do nothing;
    analyze session_month_touched_months;

    create temp table session_month_touched_weeks as
    select distinct w.*
    from session_month_touched_months m
    join session_week w on w.episode_key = m.episode_key
                       and w.week_start between m.month_start - 6 and (m.month_start + interval '1 month')::date - 1;

    delete from session_month s using session_month_touched_months m where s.episode_key = m.episode_key and s.month_start = m.month_start;
    insert into session_month
    select r.*
    from session_month_rows('session_month_touched_weeks') r
    join session_month_touched_months m on m.episode_key = r.episode_key and m.month_start = r.month_start;

    drop table session_month_touched_weeks;
    drop table session_month_touched_months;
    drop table session_week_touched;
    return null;
end
$$;
