-- How far each load's rows reach, per facility: the data-through date of a facility's sessions, drug screens, family
-- contacts, relapse events and episodes is the latest date any committed load of that file carried for the facility
-- (docs/metrics.md, "Data through, by facility and source"). One object per facility that the file named:
-- {"FAC01": {"first": "2026-01-02", "last": "2026-06-30", "rows": 5120}}, counting the rows that loaded or were
-- unchanged (not the quarantined ones). Null for undated files (programs, patients, follow-ups) and for loads that
-- did not commit.
alter table ingest_batch add column facility_dates jsonb;

-- Loads before this migration: from the rows themselves, each counted under the load that last wrote it (a row a
-- later file sent again unchanged stays with its first load).
update ingest_batch b
set facility_dates = d.dates
from (
    select batch_id, jsonb_object_agg(facility_id, jsonb_build_object('first', first_on, 'last', last_on, 'rows', row_count)) as dates
    from (
        select batch_id, facility_id, min(session_date) as first_on, max(session_date) as last_on, count(*) as row_count
        from attendance_session group by batch_id, facility_id
        union all
        select batch_id, facility_id, min(collected_on), max(collected_on), count(*) from drug_screen group by batch_id, facility_id
        union all
        select batch_id, facility_id, min(contact_date), max(contact_date), count(*) from family_contact group by batch_id, facility_id
        union all
        select batch_id, facility_id, min(event_date), max(event_date), count(*) from relapse_event group by batch_id, facility_id
        union all
        select batch_id, facility_id, min(admitted_on), max(greatest(admitted_on, discharged_on)), count(*) from episode group by batch_id, facility_id
    ) as per_facility
    group by batch_id
) as d
where d.batch_id = b.batch_id and b.status = 'committed';
