-- attendance_session's key leads with the session id instead of the facility id. A center has one or a few
-- facility ids, so a key that leads with them sorts every row by a full comparison of both columns; leading
-- with the session id lets PostgreSQL sort on a short prefix of it. The bulk ingest builds this key afresh for
-- large files: at 5 million rows the build took 4.2 s instead of 10.8 s (docs/performance.md). Lookups by
-- facility and session id, and the ingest's ON CONFLICT (facility_id, source_session_id), use it as before.
alter table attendance_session
    drop constraint attendance_session_pkey,
    add constraint attendance_session_pkey primary key (source_session_id, facility_id);
