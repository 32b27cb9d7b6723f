-- The monthly attendance summary (migrations 0017, 0018) gains two things:
--
-- * The episode's patient. The attendance figures' intervals are cluster-robust by patient, so their statement sums
--   the month rows per program and patient; with the patient on the row it groups the month rows directly and no
--   longer sums them per episode first and joins the result with every episode (on the benchmark's trailing year,
--   1.1 million month rows against a million episodes).
-- * Per ASAM minimum, the month's Mondays within the stay whose week the program scheduled at the minimum: the week's
--   scheduled minutes (sessions the program cancelled left out, as in scheduled_minutes) reach it. A week the program
--   scheduled below the minimum cannot be met by attending everything offered; the figures then tell the program's
--   schedule (asam_weeks_scheduled) from the patient's attendance of it (asam_weeks_attended).
--
-- The table is rebuilt in month order with the fixed-width columns first and the facility last, as in 0018. The
-- trigger on episode updates rebuilds an episode's rows when its patient changes too.

drop function session_month_rows(regclass, regclass);
drop type session_month_part;

create type session_month_part as (
    episode_key bigint,
    month_start date,
    program_key integer,
    patient_key bigint,
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
    -- the month's Mondays within the stay whose week's attended minutes reached the IOP minimum (540 minutes) and the
    -- PHP minimum (1,200 minutes); bit i for the month's (i + 1)-th Monday
    iop_weeks_met integer,
    php_weeks_met integer,
    -- the same Mondays whose week's scheduled minutes reached each minimum
    iop_weeks_scheduled integer,
    php_weeks_scheduled integer,
    facility_id text
);

-- The month rows of a table of week rows (session_week, or an analysis's own week rows as of an earlier day), of
-- every episode or only of the episodes listed in the table named by `episodes`, with the episodes' columns. The
-- whole week's scheduled minutes are summed here over the week's rows (a week split by a month end has two).
create function session_month_rows(weeks regclass, episodes regclass default null) returns setof session_month_part
language plpgsql stable as $fn$
begin
    return query execute format($q$
        select w.episode_key, w.month_start, e.program_key, e.patient_key,
               sum(w.attended_minutes)::int, sum(w.scheduled_minutes)::int, sum(w.family_attended)::int,
               sum(w.expected_group)::int, sum(w.no_show_group)::int,
               sum(w.expected_individual)::int, sum(w.no_show_individual)::int,
               sum(w.expected_family)::int, sum(w.no_show_family)::int,
               sum(w.expected_psychoeducation)::int, sum(w.no_show_psychoeducation)::int,
               sum(w.expected_medication_management)::int, sum(w.no_show_medication_management)::int,
               sum(w.expected_case_management)::int, sum(w.no_show_case_management)::int,
               coalesce(bit_or(1 << ((w.week_start - w.month_start) / 7)) filter (where w.week_attended_minutes >= 540 and in_stay), 0),
               coalesce(bit_or(1 << ((w.week_start - w.month_start) / 7)) filter (where w.week_attended_minutes >= 1200 and in_stay), 0),
               coalesce(bit_or(1 << ((w.week_start - w.month_start) / 7)) filter (where w.week_scheduled_minutes >= 540 and in_stay), 0),
               coalesce(bit_or(1 << ((w.week_start - w.month_start) / 7)) filter (where w.week_scheduled_minutes >= 1200 and in_stay), 0),
               e.facility_id
        from (
            select w.*, sum(w.scheduled_minutes) over (partition by w.episode_key, w.week_start) as week_scheduled_minutes
            from %s w
            %s
        ) w
        join public.episode e on e.episode_key = w.episode_key
        -- A week row counts for its Monday when it is the Monday's own row (a week that began in the month before has
        -- a row in this month too) and the week lies within the stay.
        cross join lateral (select w.week_start >= w.month_start and w.week_start >= e.admitted_on
                                   and (e.discharged_on is null or w.week_start <= e.discharged_on - 6) as in_stay) s
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

-- An episode's program, patient or stay dates changed (a discharge recorded, a correction): its month rows are rebuilt.
create or replace function session_month_episode_refresh() returns trigger
language plpgsql as $$
begin
    create temp table session_month_touched (episode_key bigint primary key);
    insert into session_month_touched
    select n.episode_key
    from new_rows n
    join old_rows o on o.episode_key = n.episode_key
    where (n.facility_id, n.program_key, n.patient_key, n.admitted_on, n.discharged_on)
          is distinct from (o.facility_id, o.program_key, o.patient_key, o.admitted_on, o.discharged_on)
    on conflict do nothing;
    analyze session_month_touched;

    perform session_month_refresh('session_month_touched');
    drop table session_month_touched;
    return null;
end
$$;
