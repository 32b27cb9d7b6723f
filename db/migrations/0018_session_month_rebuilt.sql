-- The monthly attendance summary (migration 0017), rebuilt for the reading the period analysis does:
--
-- * Fixed-width columns first, the facility (text) last. PostgreSQL finds a column in a row by adding up the widths of
--   the columns before it; it can remember each column's offset only up to the first column of variable width or the
--   first null. With the facility third, every sum the attendance pass reads was found by walking the row: on the
--   benchmark year (1.1 million month rows) plain sums of the columns took 1.5 s against 0.47 s in this order.
-- * The Mondays whose week reached each ASAM minimum are kept only within the stay: on or after the admission day and,
--   once discharged, six days or more before the discharge day (the week then lies wholly in the stay). The stay
--   columns are no longer copied; the trigger on episode updates still rebuilds an episode's rows when its stay
--   changes. The analysis then masks the Mondays by the period's end and the data-through date alone, which are the
--   same for every row.
-- * Rows written in month order, by this rebuild and by every refresh, since every reader reads them by month: a
--   month's rows then lie together on the table's pages (for the benchmark's month, 92,000 rows had been spread over
--   32,900 of its 35,000 pages).
--
-- The trigger functions insert `select *` from session_month_rows and need no change but the order.

drop function session_month_rows(regclass, regclass);
drop type session_month_part;

create type session_month_part as (
    episode_key bigint,
    month_start date,
    program_key integer,
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
    -- the month's Mondays within the stay whose week reached the IOP minimum (540 minutes) and the PHP minimum
    -- (1,200 minutes); bit i for the month's (i + 1)-th Monday
    iop_weeks_met integer,
    php_weeks_met integer,
    facility_id text
);

-- The month rows of a table of week rows (session_week, or an analysis's own week rows as of an earlier day), of
-- every episode or only of the episodes listed in the table named by `episodes`, with the episodes' columns.
create function session_month_rows(weeks regclass, episodes regclass default null) returns setof session_month_part
language plpgsql stable as $fn$
begin
    return query execute format($q$
        select w.episode_key, w.month_start, e.program_key,
               sum(w.attended_minutes)::int, sum(w.scheduled_minutes)::int, sum(w.family_attended)::int,
               sum(w.expected_group)::int, sum(w.no_show_group)::int,
               sum(w.expected_individual)::int, sum(w.no_show_individual)::int,
               sum(w.expected_family)::int, sum(w.no_show_family)::int,
               sum(w.expected_psychoeducation)::int, sum(w.no_show_psychoeducation)::int,
               sum(w.expected_medication_management)::int, sum(w.no_show_medication_management)::int,
               sum(w.expected_case_management)::int, sum(w.no_show_case_management)::int,
               coalesce(bit_or(1 << ((w.week_start - w.month_start) / 7)) filter (where w.week_attended_minutes >= 540 and in_stay), 0),
               coalesce(bit_or(1 << ((w.week_start - w.month_start) / 7)) filter (where w.week_attended_minutes >= 1200 and in_stay), 0),
               e.facility_id
        from %s w
        join public.episode e on e.episode_key = w.episode_key
        -- A week row counts for its Monday when it is the Monday's own row (a week that began in the month before has
        -- a row in this month too) and the week lies within the stay.
        cross join lateral (select w.week_start >= w.month_start and w.week_start >= e.admitted_on
                                   and (e.discharged_on is null or w.week_start <= e.discharged_on - 6) as in_stay) s
        %s
        group by w.episode_key, w.month_start, e.episode_key
        $q$,
        weeks,
        case when episodes is null then '' else format('where w.episode_key in (select episode_key from %s)', episodes) end);
end
$fn$;

create table session_month_rebuilt (
    like session_month_part,
    primary key (episode_key, month_start)
);

set local work_mem = '256MB';
insert into session_month_rebuilt
select * from session_month_rows('session_week') r
order by r.month_start, r.episode_key;

drop table session_month;
alter table session_month_rebuilt rename to session_month;
alter index session_month_rebuilt_pkey rename to session_month_pkey;
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
