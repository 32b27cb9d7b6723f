-- A patient's episodes by admission day. Readmission looks up, for each discharge of the period, the same patient's
-- first admission after it, and the dropout model's features count a patient's earlier episodes: both read this
-- index alone (the episode key is carried in it) instead of fetching every episode row it points to.
create index if not exists episode_patient_admitted on episode (patient_key, admitted_on) include (episode_key);
drop index if exists episode_patient;
