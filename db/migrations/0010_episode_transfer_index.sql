-- Step-downs are found by the episode a transfer points to (episode.transferred_to_episode_id): the dropout
-- features ask it of every scored episode ("stepped down from a higher level?"), and the step-down figures follow
-- the link. Without an index each question read the whole episode table.
create index episode_transferred_to on episode (facility_id, transferred_to_episode_id) where transferred_to_episode_id is not null;
