-- Family involvement (docs/performance.md) asks, for each episode of the period, whether an attended family session
-- fell in its first 14 days. Through the episode index that read every session of the episode (about 20) to keep
-- the few attended family ones. This partial index holds only those rows, by episode and day: one probe per episode.
-- Its predicate is the query's, word for word, so the planner can prove the query implies it.
-- The rows it holds are a small share of the table (family sessions, attended), so ingest pays little to keep it.
create index if not exists attendance_session_family_attended on attendance_session (episode_key, session_date)
    where kind = 'family' and status in ('attended', 'late', 'left_early');
