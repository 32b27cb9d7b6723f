-- The monthly attendance summary (migration 0017) with its fixed-width columns first and the facility (text) and the
-- discharge day (null while in care) last.
--
-- PostgreSQL finds a column in a row by adding up the widths of the columns before it; it can remember each column's
-- offset only up to the first column of variable width (text) or the first null. With the facility third, every sum
-- the attendance pass reads was found by walking the row: on the benchmark year (1.1 million month rows) the pass
-- took 1.5 s against 0.47 s with the same rows in this order (docs/performance.md).
--
-- The table is rebuilt in the new order, with its composite type and the function that returns it; the trigger
-- functions insert `select *` from that function and need no change.
--
-- Its rows are also written in month order, by this rebuild and by every refresh, since every reader reads them by
-- month: a month's rows then lie on a few pages of the table instead of one or two on every page (for the benchmark's
-- month, 92,000 rows had been spread over 32,900 of its 35,000 pages).

drop function session_month_rows(regclass, regclass);
drop type session_month_part;

create type session_month_part as (
    episode_key bigint,
    month_start date,
    program_key integer,
    admitted_on date,
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
    php_weeks_met integer,
    discharged_on date,
    facility_id text
);

-- The month rows of a table of week rows (session_week, or an analysis's own week rows as of an earlier day), of
-- every episode or only of the episodes listed in the table named by `episodes`, with the episodes' columns.
create function session_month_rows(weeks regclass, episodes regclass default null) returns setof session_month_part
language plpgsql stable as $fn$
begin
    return query execute format($q$
        select w.episode_key, w.month_start, e.program_key, e.admitted_on,
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
                   filter (where w.week_start >= w.month_start and w.week_attended_minutes >= 1200), 0),
               e.discharged_on, e.facility_id
        from %s w
        join public.episode e on e.episode_key = w.episode_key
        %s
        group by w.episode_key, w.month_start, e.episode_key
        $q$,
        weeks,
        case when episodes is null then '' else format('where w.episode_key in (select episode_key from %s)', episodes) end);
end
$fn$;

create table session_month_reordered (
    like session_month_part,
    primary key (episode_key, month_start)
);

insert into session_month_reordered
select episode_key, month_start, program_key, admitted_on, attended_minutes, scheduled_minutes, family_attended,
       expected_group, no_show_group, expected_individual, no_show_individual, expected_family, no_show_family,
       expected_psychoeducation, no_show_psychoeducation, expected_medication_management, no_show_medication_management,
       expected_case_management, no_show_case_management, iop_weeks_met, php_weeks_met, discharged_on, facility_id
from session_month
order by month_start, episode_key;

drop table session_month;
alter table session_month_reordered rename to session_month;
alter index session_month_reordered_pkey rename to session_month_pkey;
create index session_month_month on session_month (month_start);
-- Family involvement asks which episodes had an attended family session: their month rows with one.
create index session_month_family on session_month (episode_key) where family_attended > 0;
analyze session_month;

alter table session_month enable row level security;
create policy every_row on session_month as permissive for all to public using (true) with check (true);
create policy facility_scope on session_month as restrictive for all to public
    using ((select facility_scope()) is null or episode_in_scope(episode_key))
    with check ((select facility_scope()) is null or episode_in_scope(episode_key));

-- Rebuilds the month rows of the episodes listed in the table named by `episodes`, from their week rows, in month order.
create or replace function session_month_refresh(episodes regclass) returns void
language plpgsql as $$
begin
    execute format('delete from session_month m using %s t where m.episode_key = t.episode_key', episodes);
    insert into session_month
    select * from session_month_rows('session_week', episodes) r
    order by r.month_start, r.episode_key;
end
$$;
