-- Migration 0024 rebuilt session_month with row-level security enabled but not forced (0021 forces it on every table
-- holding a facility's rows, so that the owner's security-definer functions are bound by it too).
alter table session_month force row level security;
