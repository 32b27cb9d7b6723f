-- Attendance summed per episode and week part: the sessions of one episode in one calendar week (Monday to
-- Sunday) and one calendar month. Every reporting period is a run of whole months, so a period's attendance is
-- the sum of its months' rows, read from a table a tenth the size of attendance_session; a week split by a month
-- end has two rows, and week_attended_minutes carries the whole week's minutes in both (the ASAM minimum hours
-- are judged per whole week). The columns are a composite type so that the function below and the table share them.
--
-- Triggers keep it current: every statement that writes attendance_session recomputes the rows of the episodes
-- it touched, in the same transaction, so the summary can never disagree with the sessions it sums.

create type session_week_part as (
    episode_key bigint,
    week_start date,
    month_start date,
    sessions integer,
    last_session_on date,
    attended_minutes integer,
    -- minutes scheduled, leaving out sessions the program cancelled
    scheduled_minutes integer,
    family_attended integer,
    -- per session kind: sessions the patient was expected at (not cancelled by the program, not excused), no-shows
    expected_group integer,
    no_show_group integer,
    expected_individual integer,
    no_show_individual integer,
    expected_family integer,
    no_show_family integer,
    expected_psychoeducation integer,
    no_show_psychoeducation integer,
    expected_medication_management integer,
    no_show_medication_management integer,
    expected_case_management integer,
    no_show_case_management integer
);

create table session_week (
    like session_week_part,
    -- the whole week's attended minutes, in both rows of a week split by a month end
    week_attended_minutes integer not null
);

-- The summary rows (without the whole-week column) of the sessions dated first..last, of every episode or only of
-- the episodes listed in the table named by `episodes`. Dynamic SQL so that each call is planned for its own
-- filter: a few touched episodes read through the episode index, a whole load by one scan.
create function session_week_rows(first date, last date, episodes regclass default null) returns setof session_week_part
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
            from attendance_session s
            where s.session_date between $1 and $2 %s
        ) s
        group by episode_key, week_start, month_start
        $q$,
        case when episodes is null then '' else format('and s.episode_key in (select episode_key from %s)', episodes) end)
    using first, last;
end
$fn$;

create function session_week_refresh() returns trigger
language plpgsql as $$
begin
    create temp table session_week_touched (episode_key bigint primary key);
    if tg_op in ('INSERT', 'UPDATE') then
        insert into session_week_touched select distinct episode_key from new_rows on conflict do nothing;
    end if;
    if tg_op in ('UPDATE', 'DELETE') then
        insert into session_week_touched select distinct episode_key from old_rows on conflict do nothing;
    end if;
    analyze session_week_touched;

    delete from session_week w using session_week_touched t where w.episode_key = t.episode_key;
    insert into session_week
    select r.*, sum(r.attended_minutes) over (partition by r.episode_key, r.week_start)
    from session_week_rows('-infinity', 'infinity', 'session_week_touched') r;
    drop table session_week_touched;
    return null;
end
$$;

create trigger session_week_after_insert after insert on attendance_session
    referencing new table as new_rows for each statement execute function session_week_refresh();
create trigger session_week_after_update after update on attendance_session
    referencing old table as old_rows new table as new_rows for each statement execute function session_week_refresh();
create trigger session_week_after_delete after delete on attendance_session
    referencing old table as old_rows for each statement execute function session_week_refresh();

create function session_week_clear() returns trigger
language plpgsql as $$
begin
    truncate session_week;
    return null;
end
$$;

create trigger session_week_after_truncate after truncate on attendance_session
    for each statement execute function session_week_clear();

-- Sums the sessions already stored; the keys are built afterwards, once.
set local work_mem = '256MB';
insert into session_week
select r.*, sum(r.attended_minutes) over (partition by r.episode_key, r.week_start)
from session_week_rows('-infinity', 'infinity') r;
alter table session_week add primary key (episode_key, week_start, month_start);
create index session_week_month on session_week (month_start);
analyze session_week;
