-- Early-dropout risk scores of active episodes: which model scored which episode on which day, the risk, the
-- reasons in words a counsellor can act on, and whether it made the day's worklist (the flag).

create table risk_score (
    model_id bigint not null references dropout_model,
    episode_key bigint not null references episode,
    scored_on date not null,
    probability double precision not null,
    flagged boolean not null,
    rank_in_facility integer not null,
    reasons text[] not null,
    created_at timestamptz not null default now(),
    primary key (model_id, episode_key, scored_on)
);
create index risk_score_day on risk_score (scored_on, flagged);
