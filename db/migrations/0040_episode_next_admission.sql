-- Readmission (docs/metrics.md) asks, for each episode discharged in a period, for the first admission of another
-- episode of the same patient after the discharge. Found by a join, a trailing year probed the episodes' patient index
-- once for each of its half a million discharges (docs/performance.md). The episode now carries that day (null when
-- there is none, or while the episode is open): the earliest admission, after this episode's discharge, of another
-- episode of its patient. A patient belongs to one facility, so the day is the same whatever facilities a login sees.
--
-- Kept in the writing statement's transaction, as episode.first_family_session_on is (migration 0037): statement
-- triggers on episode with their transition tables, set-based (the episodes file's bulk merge runs without the
-- episodes' indexes, where a probe per row would scan the table). Updates that leave the patient, the admission and
-- the discharge alone (a discharge reason, a counsellor, the triggers' own columns) touch no other episode.
alter table episode add column next_admitted_on date;

-- The column of every episode of the patients listed in the table named by `patients`, computed again from their
-- episodes.
create function episode_next_admission_refresh(patients regclass) returns void
language plpgsql
-- Probes by patient (see episode_next_admission_added).
set enable_seqscan = off set enable_hashjoin = off set enable_mergejoin = off set enable_nestloop = on
as $$
begin
    execute format($q$
        update episode e set next_admitted_on = f.next_on
        from (
            select d.episode_key, min(n.admitted_on) as next_on
            from %s p
            join episode d on d.patient_key = p.patient_key
            left join episode n on n.patient_key = p.patient_key and n.episode_key <> d.episode_key and n.admitted_on > d.discharged_on
            group by d.episode_key
        ) f
        where e.episode_key = f.episode_key and e.next_admitted_on is distinct from f.next_on
        $q$, patients);
end
$$;

-- New episodes can only bring a day forward (for the episodes of their patients discharged before them) or give their
-- own: the episodes of the inserted rows' patients are joined with each other, and only a day found earlier is written.
-- Their patients' episodes are found through the patient index: left to itself, the planner scanned and hashed every
-- episode for a file of 25,000 (0.61 CPU-s on a million episodes, against 0.19 by the index; docs/performance.md).
create function episode_next_admission_added() returns trigger
language plpgsql
set enable_seqscan = off set enable_hashjoin = off set enable_mergejoin = off
as $$
begin
    update episode e set next_admitted_on = f.next_on
    from (
        select d.episode_key, min(n.admitted_on) as next_on
        from (select distinct patient_key from new_rows) p
        join episode d on d.patient_key = p.patient_key
        join episode n on n.patient_key = p.patient_key and n.episode_key <> d.episode_key and n.admitted_on > d.discharged_on
        group by d.episode_key
    ) f
    where e.episode_key = f.episode_key
      and (e.next_admitted_on is null or f.next_on < e.next_admitted_on);
    return null;
end
$$;

-- An update or delete that changes an episode's patient, admission or discharge (or removes the episode): the episodes
-- of the patients it belonged to or belongs to now are computed again. Any other update is decided from the transition
-- tables alone, joined by hash: two tables of 25,000 episodes without statistics, standing in for them, took 47 CPU-s in
-- the planner's nested loops and 0.02 by hash, so an update of the other columns of 25,000 episodes costs next to nothing.
create function episode_next_admission_changed() returns trigger
language plpgsql
set enable_nestloop = off
as $$
begin
    if tg_op = 'UPDATE' then
        if not exists (
            select from old_rows o join new_rows n on n.episode_key = o.episode_key
            where (o.patient_key, o.admitted_on, o.discharged_on) is distinct from (n.patient_key, n.admitted_on, n.discharged_on)) then
            return null;
        end if;
        create temp table episode_next_admission_touched (patient_key bigint primary key);
        insert into episode_next_admission_touched
        select x.patient_key
        from old_rows o
        join new_rows n on n.episode_key = o.episode_key
        cross join lateral (values (o.patient_key), (n.patient_key)) x(patient_key)
        where (o.patient_key, o.admitted_on, o.discharged_on) is distinct from (n.patient_key, n.admitted_on, n.discharged_on)
        on conflict do nothing;
    else
        create temp table episode_next_admission_touched (patient_key bigint primary key);
        insert into episode_next_admission_touched select patient_key from old_rows on conflict do nothing;
    end if;
    analyze episode_next_admission_touched;
    perform episode_next_admission_refresh('episode_next_admission_touched');
    drop table episode_next_admission_touched;
    return null;
end
$$;

create trigger episode_next_admission_after_insert after insert on episode
    referencing new table as new_rows for each statement execute function episode_next_admission_added();
create trigger episode_next_admission_after_update after update on episode
    referencing old table as old_rows new table as new_rows for each statement execute function episode_next_admission_changed();
create trigger episode_next_admission_after_delete after delete on episode
    referencing old table as old_rows for each statement execute function episode_next_admission_changed();

set local work_mem = '256MB';
update episode e set next_admitted_on = f.next_on
from (
    select d.episode_key, min(n.admitted_on) as next_on
    from episode d
    join episode n on n.patient_key = d.patient_key and n.episode_key <> d.episode_key and n.admitted_on > d.discharged_on
    group by d.episode_key
) f
where e.episode_key = f.episode_key;
