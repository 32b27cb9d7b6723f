-- Indexes for the period analysis (docs/performance.md). Numbered after main's 0011.
-- Family involvement asks which episodes had an attended family session: the week rows with one, read from this
-- partial index (a third of the rows, a few columns) instead of the whole summary table.
create index if not exists session_week_family on session_week (episode_key) where family_attended > 0;
-- A month's discharges and admissions, or one facility's, are a small share of the episodes: found by range
-- instead of reading every episode ever loaded.
create index if not exists episode_discharged on episode (discharged_on);
create index if not exists episode_admitted on episode (admitted_on);
