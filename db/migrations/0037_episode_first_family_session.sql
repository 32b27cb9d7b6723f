-- Family involvement (docs/metrics.md) asks, for each episode of a period, whether an attended family session fell in
-- its first 14 days. Through the partial index of attended family sessions (migration 0027) a trailing year read every
-- entry of that index (2.55 M on the benchmark's history) in a merge with the period's episodes sorted by key: the index
-- is by episode, and episode keys do not follow admission, so no range of it belongs to a period. The episode now
-- carries the day of its first attended family session on or after its admission (null when it has none); "one in
-- days 0 to 13" is that day being at most 13 days after admission, read with the episode's other columns. Kept apart in
-- a table of its own, the same day cost the year more than the index did (a hash join of half a million episodes with
-- a million rows), so it is a column.
--
-- Kept in the writing statement's transaction, as session_week and session_month are: statement triggers on
-- attendance_session, and a row trigger on episode when its admission day changes.
alter table episode add column first_family_session_on date;

-- The column of the episodes listed in the table named by `episodes`, computed again from their sessions (set-based:
-- the sessions file's bulk merge runs without the sessions' indexes, where a probe per episode would scan the table).
create function episode_first_family_session_refresh(episodes regclass) returns void
language plpgsql as $$
begin
    execute format($q$
        update episode e set first_family_session_on = f.first_on
        from (
            select t.episode_key, min(s.session_date) as first_on
            from %s t
            join episode x on x.episode_key = t.episode_key
            left join attendance_session s on s.episode_key = t.episode_key
                 and s.kind = 'family' and s.status in ('attended', 'late', 'left_early')
                 and s.session_date >= x.admitted_on
            group by t.episode_key
        ) f
        where e.episode_key = f.episode_key and e.first_family_session_on is distinct from f.first_on
        $q$, episodes);
end
$$;

-- New sessions can only bring an episode's first day forward: the inserted rows alone decide, without reading the
-- sessions stored before (a first load inserts millions of rows before its indexes are built).
create function episode_first_family_session_added() returns trigger
language plpgsql as $$
begin
    update episode e set first_family_session_on = f.first_on
    from (
        select n.episode_key, min(n.session_date) as first_on
        from new_rows n
        join episode x on x.episode_key = n.episode_key
        where n.kind = 'family' and n.status in ('attended', 'late', 'left_early')
          and n.session_date >= x.admitted_on
        group by n.episode_key
    ) f
    where e.episode_key = f.episode_key
      and (e.first_family_session_on is null or f.first_on < e.first_family_session_on);
    return null;
end
$$;

-- An update or delete of attended family sessions (or of sessions that become such): the episodes they belonged to
-- or belong to now are computed again from their sessions. Other changes touch no episode.
create function episode_first_family_session_changed() returns trigger
language plpgsql as $$
begin
    create temp table episode_first_family_touched (episode_key bigint primary key);
    insert into episode_first_family_touched
    select episode_key from old_rows where kind = 'family' and status in ('attended', 'late', 'left_early')
    on conflict do nothing;
    if tg_op = 'UPDATE' then
        insert into episode_first_family_touched
        select episode_key from new_rows where kind = 'family' and status in ('attended', 'late', 'left_early')
        on conflict do nothing;
    end if;
    if exists (select from episode_first_family_touched) then
        analyze episode_first_family_touched;
        perform episode_first_family_session_refresh('episode_first_family_touched');
    end if;
    drop table episode_first_family_touched;
    return null;
end
$$;

create function episode_first_family_session_clear() returns trigger
language plpgsql as $$
begin
    update episode set first_family_session_on = null where first_family_session_on is not null;
    return null;
end
$$;

create trigger episode_first_family_after_insert after insert on attendance_session
    referencing new table as new_rows for each statement execute function episode_first_family_session_added();
create trigger episode_first_family_after_update after update on attendance_session
    referencing old table as old_rows new table as new_rows for each statement execute function episode_first_family_session_changed();
create trigger episode_first_family_after_delete after delete on attendance_session
    referencing old table as old_rows for each statement execute function episode_first_family_session_changed();
create trigger episode_first_family_after_truncate after truncate on attendance_session
    for each statement execute function episode_first_family_session_clear();

-- An admission day corrected: which sessions count as on or after it changes. Rare, so a row trigger that fires only
-- for such rows (the ingest's episode merge sets every column; the condition leaves the unchanged ones alone).
create function episode_first_family_session_admission() returns trigger
language plpgsql as $$
begin
    new.first_family_session_on := (
        select min(s.session_date)
        from attendance_session s
        where s.episode_key = new.episode_key
          and s.kind = 'family' and s.status in ('attended', 'late', 'left_early')
          and s.session_date >= new.admitted_on);
    return new;
end
$$;

create trigger episode_first_family_before_admission before update of admitted_on on episode
    for each row when (old.admitted_on is distinct from new.admitted_on)
    execute function episode_first_family_session_admission();

set local work_mem = '256MB';
update episode e set first_family_session_on = f.first_on
from (
    select s.episode_key, min(s.session_date) as first_on
    from attendance_session s
    join episode x on x.episode_key = s.episode_key
    where s.kind = 'family' and s.status in ('attended', 'late', 'left_early')
      and s.session_date >= x.admitted_on
    group by s.episode_key
) f
where e.episode_key = f.episode_key;
