-- Early-dropout flags and their review. A flag is raised when a scoring puts an episode among the highest risks
-- its facility's team has capacity to follow up (new flags per facility per week); it stays on the worklist while
-- open or acknowledged, and its review history records who (by role) did what and when. Whether the patient
-- then left care unplanned is not stored: it is read from the episode once the horizon has passed.

create table risk_flag (
    flag_id bigint generated always as identity primary key,
    episode_key bigint not null references episode,
    facility_id text not null references facility,
    model_id bigint not null references dropout_model,
    raised_on date not null,
    horizon_days integer not null,
    probability double precision not null,
    rank_in_facility integer not null,
    reasons text[] not null,
    threshold_rule text not null,
    status text not null default 'open'
        check (status in ('open', 'acknowledged', 'outreach_done', 'dismissed')),
    status_changed_at timestamptz not null default now()
);
-- One flag at a time on an episode's worklist entry.
create unique index risk_flag_active on risk_flag (episode_key) where status in ('open', 'acknowledged');
create index risk_flag_raised on risk_flag (facility_id, raised_on);

create table risk_flag_review (
    review_id bigint generated always as identity primary key,
    flag_id bigint not null references risk_flag,
    from_status text not null,
    to_status text not null check (to_status in ('acknowledged', 'outreach_done', 'dismissed')),
    reviewer_role text not null
        check (reviewer_role in ('counsellor', 'case_manager', 'nurse', 'physician', 'clinical_supervisor', 'quality_analyst')),
    reviewer text,
    reviewed_at timestamptz not null,
    action text check (action in ('phone_call', 'text_message', 'in_person', 'family_contact', 'schedule_change',
                                  'care_plan_review', 'referral', 'none')),
    note text check (length(note) <= 2000)
);
create index risk_flag_review_flag on risk_flag_review (flag_id);
