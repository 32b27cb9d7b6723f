-- Action plans for missed targets (CARF 1.N: performance analysed against targets, with the actions taken). A plan
-- names the target and the period it was missed in, the action decided, the role that owns it and when it is due;
-- its history records every change (who, when, from which status to which, the follow-up result).

create table action_plan (
    plan_id bigint generated always as identity primary key,
    target_id bigint not null references outcome_target,
    period_label text not null,
    action text not null check (length(action) between 1 and 2000),
    owner_role text not null check (length(owner_role) between 1 and 100),
    due_on date not null,
    status text not null default 'planned' check (status in ('planned', 'in_progress', 'done', 'dropped')),
    result text,
    created_by text not null,
    created_at timestamptz not null default now()
);

create table action_plan_event (
    event_id bigint generated always as identity primary key,
    plan_id bigint not null references action_plan,
    from_status text,
    to_status text not null,
    result text,
    changed_by text not null,
    changed_at timestamptz not null default now()
);
create index action_plan_event_plan on action_plan_event (plan_id, event_id);
