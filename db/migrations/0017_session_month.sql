-- Attendance summed per episode and calendar month, from the weekly summary (session_week, migration 0006). A
-- reporting period is a run of whole months, so its minutes, expected sessions and no-shows are the sums of its
-- months' rows: a third as many rows as the week rows, which the period analysis would otherwise read (about 3.5
-- million for a year of a large center).
--
-- The ASAM minimum-hours figure counts whole calendar weeks in care that reached the level's minimum. A week is
-- counted in the month of its Monday (its week row that starts on the Monday, which carries the whole week's
-- minutes). Each month row keeps, per minimum, a bitmask of its Mondays whose week reached it: bit i for the month's
-- (i + 1)-th Monday. The analysis keeps the Mondays inside the stay and the period and counts the bits left. The
-- minimums are the ASAM levels' (IOP 9 hours, PHP 20 hours a week: OutcomeDefinitions in the code; a test checks
-- that both agree).
--
-- Each row also carries its episode's facility, program and stay dates, so that a period's attendance is read from
-- this table alone, without joining a million episodes. Kept by the same statement triggers as session_week, in the
-- load's transaction, and by a trigger on episode updates that change those columns.

create type session_month_part as (
    episode_key bigint,
    month_start date,
    facility_id text,
    program_key integer,
    admitted_on date,
    discharged_on date,
    attended_minutes integer,
    scheduled_minutes integer,
    family_attended integer,
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
    no_show_case_management integer,
    -- the month's Mondays whose week reached the IOP minimum (540 minutes) and the PHP minimum (1,200 minutes)
    iop_weeks_met integer,
    php_weeks_met integer
);

create table session_month (
    like session_month_part,
    primary key (episode_key, month_start)
);

-- The month rows of a table of week rows (session_week, or an analysis's own week rows as of an earlier day), of
-- every episode or only of the episodes listed in the table named by `episodes`, with the episodes' columns.
create function session_month_rows(weeks regclass, episodes regclass default null) returns setof session_month_part
language plpgsql stable as $fn$
begin
    return query execute format($q$
        select w.episode_key, w.month_start, e.facility_id, e.program_key, e.admitted_on, e.discharged_on,
               sum(w.attended_minutes)::int, sum(w.scheduled_minutes)::int, sum(w.family_attended)::int,
               sum(w.expected_group)::int, sum(w.no_show_group)::int,
               sum(w.expected_individual)::int, sum(w.no_show_individual)::int,
               sum(w.expected_family)::int, sum(w.no_show_family)::int,
               sum(w.expected_psychoeducation)::int, sum(w.no_show_psychoeducation)::int,
               sum(w.expected_medication_management)::int, sum(w.no_show_medication_management)::int,
               sum(w.expected_case_management)::int, sum(w.no_show_case_management)::int,
               coalesce(bit_or(1 << ((w.week_start - w.month_start) / 7))
                   filter (where w.week_start >= w.month_start and w.week_attended_minutes >= 540), 0),
               coalesce(bit_or(1 << ((w.week_start - w.month_start) / 7))
                   filter (where w.week_start >= w.month_start and w.week_attended_minutes >= 1200), 0)
        from %s w
        join public.episode e on e.episode_key = w.episode_key
        %s
        group by w.episode_key, w.month_start, e.episode_key
        $q$,
        weeks,
        case when episodes is null then '' else format('where w.episode_key in (select episode_key from %s)', episodes) end);
end
$fn$;

-- Rebuilds the month rows of the episodes listed in the table named by `episodes`, from their week rows.
create function session_month_refresh(episodes regclass) returns void
language plpgsql as $$
begin
    execute format('delete from session_month m using %s t where m.episode_key = t.episode_key', episodes);
    insert into session_month select * from session_month_rows('session_week', episodes);
end
$$;

-- The weekly summary's trigger function, now refreshing the touched episodes' month rows as well.
create or replace function session_week_refresh() returns trigger
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

    perform session_month_refresh('session_week_touched');
    drop table session_week_touched;
    return null;
end
$$;

create or replace function session_week_clear() returns trigger
language plpgsql as $$
begin
    truncate session_week;
    truncate session_month;
    return null;
end
$$;

-- An episode's program or stay dates changed (a discharge recorded, a correction): its month rows are rebuilt.
create function session_month_episode_refresh() returns trigger
language plpgsql as $$
begin
    create temp table session_month_touched (episode_key bigint primary key);
    insert into session_month_touched
    select n.episode_key
    from new_rows n
    join old_rows o on o.episode_key = n.episode_key
    where (n.facility_id, n.program_key, n.admitted_on, n.discharged_on)
          is distinct from (o.facility_id, o.program_key, o.admitted_on, o.discharged_on)
    on conflict do nothing;
    analyze session_month_touched;

    perform session_month_refresh('session_month_touched');
    drop table session_month_touched;
    return null;
end
$$;

create trigger session_month_after_episode_update after update on episode
    referencing old table as old_rows new table as new_rows for each statement execute function session_month_episode_refresh();

set local work_mem = '256MB';
insert into session_month select * from session_month_rows('session_week');
create index session_month_month on session_month (month_start);
analyze session_month;

alter table session_month enable row level security;
create policy every_row on session_month as permissive for all to public using (true) with check (true);
create policy facility_scope on session_month as restrictive for all to public
    using ((select facility_scope()) is null or episode_in_scope(episode_key))
    with check ((select facility_scope()) is null or episode_in_scope(episode_key));

-- Family involvement asks which episodes had an attended family session: their month rows with one.
create index session_month_family on session_month (episode_key) where family_attended > 0;
