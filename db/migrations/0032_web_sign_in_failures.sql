-- Failed sign-ins to the web pages of `outcomes serve` (src/Web), counted per login so that a login is locked for a
-- while after repeated wrong passwords (docs/security.md). PostgreSQL itself never locks a login, and the web pages
-- check a password by connecting as the login, so the count is kept here by the server's own login (the administrator
-- role; db/grants.sql grants it every table's rows). A row names a login, never a patient or a facility, and goes
-- away at the login's next successful sign-in; names that are not logins age out with their window.
create table web_sign_in_failure (
    login_name text primary key,
    failures integer not null check (failures > 0),
    first_failed_at timestamptz not null,
    last_failed_at timestamptz not null,
    locked_until timestamptz
);
