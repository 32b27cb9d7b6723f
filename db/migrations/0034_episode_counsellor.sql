-- The staff code of the patient's primary counsellor for the episode (episodes.csv, column counsellor; docs/data-contract.md),
-- so the worklist can be worked counsellor by counsellor. Null when the center sent none or left the column out. A code,
-- never a name: the loader accepts only letters, digits, - and _, and the check below holds the table to the same.
-- Counsellor-level figures are staff performance data: db/grants.sql grants the reporter role episode columns one by one,
-- and this one is not among them.
alter table episode add column counsellor text
    constraint episode_counsellor_is_a_code check (counsellor ~ '^[A-Za-z0-9_-]{1,40}$');
