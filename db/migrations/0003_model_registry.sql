-- The dropout-risk model registry: every trained model with what it was trained on and how it did.
-- At most one model is promoted (the one that scores patients); retired models stay for the audit trail.

create table dropout_model (
    model_id bigint generated always as identity primary key,
    status text not null check (status in ('candidate', 'promoted', 'retired')),
    algorithm text not null,
    feature_schema jsonb not null,
    horizon_days integer not null,
    trained_through_admission date not null,
    data_through date not null,
    training_rows integer not null,
    test_rows integer not null,
    metrics jsonb not null,
    model_bytes bytea not null,
    software_version text not null,
    created_at timestamptz not null default now(),
    promoted_at timestamptz,
    retired_at timestamptz
);
create unique index dropout_model_one_promoted on dropout_model (status) where status = 'promoted';
