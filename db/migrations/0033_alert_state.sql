-- Conditions `outcomes serve` has alerted on (src/Pipeline/Alerts): one row per condition and subject while the
-- condition holds, so that each is notified at most once until it clears, also with several servers on one database.
-- The subject is a configured name (a job and its scope, a source, a backup target, "all"), never a patient's, and the
-- summary is built from counts and names only. The row goes away when the condition clears. Written by the server's
-- own login (the administrator role; db/grants.sql grants it every table's rows).
create table alert_state (
    condition text not null,
    subject text not null,
    raised_at timestamptz not null,
    last_seen_at timestamptz not null,
    -- Set when a server claimed the notification; set back to null when sending failed, so the next check tries again.
    notified_at timestamptz,
    summary text not null,
    primary key (condition, subject)
);
