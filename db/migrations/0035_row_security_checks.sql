-- Cheaper row-level security checks for a facility-limited login.

-- Each review step keeps its flag's facility, so that row-level security decides a facility-limited login's steps as it
-- decides its flags: one comparison per row with the login's facilities, which PostgreSQL takes once per statement,
-- instead of a call of flag_in_scope (a security-definer function reading the flag, and facility_access through
-- facility_scope) for every step read. The worklist and the flag usefulness page read hundreds of steps a request, and
-- that call was most of their time (docs/performance.md, "Web pages for one facility").
alter table risk_flag_review add column facility_id text;
update risk_flag_review v set facility_id = f.facility_id from risk_flag f where f.flag_id = v.flag_id;
alter table risk_flag_review alter column facility_id set not null;

-- Filled by the database from the step's flag on every insert and update, whatever a client sends. With the caller's
-- rights: a flag the login may not see gives no facility, and the row is refused as before.
create function risk_flag_review_facility() returns trigger
language plpgsql
set search_path = pg_catalog, public
as $$
begin
    new.facility_id := (select f.facility_id from public.risk_flag f where f.flag_id = new.flag_id);
    return new;
end
$$;
create trigger risk_flag_review_facility before insert or update on risk_flag_review
    for each row execute function risk_flag_review_facility();

drop policy facility_scope on risk_flag_review;
create policy facility_scope on risk_flag_review as restrictive for all to public
    using ((select facility_scope()) is null or facility_id = any ((select facility_scope())::text[]))
    with check ((select facility_scope()) is null or facility_id = any ((select facility_scope())::text[]));

-- The rows kept by episode (sessions, their weeks and months, family contacts, screens, relapses, follow-ups, scores):
-- their policy called episode_in_scope(episode_key) for every row read, and that called facility_scope() again inside,
-- reading facility_access, for every row. The policy now takes the login's facilities once per statement and hands
-- them to the check, which looks up the episode only: about half the time a row (0.17 against 0.40 ms, 2,000 calls at a
-- load average of 22 on the benchmark's history). The episode is read under the login's own row-level security on
-- episode (forced, keyed on the login), so facilities handed in by a direct call find no more than the login may see.
create function episode_in_scope(key bigint, scope text[]) returns boolean
language sql stable parallel safe security definer cost 1
set search_path = pg_catalog, public
as $$ select exists (select 1 from public.episode e where e.episode_key = key and e.facility_id = any (scope)) $$;
revoke all on function episode_in_scope(bigint, text[]) from public;

do $rls$
declare
    t text;
begin
    foreach t in array array['attendance_session', 'session_week', 'session_month', 'family_contact', 'drug_screen',
                             'relapse_event', 'follow_up', 'risk_score']
    loop
        execute format('drop policy facility_scope on %I', t);
        execute format(
            'create policy facility_scope on %I as restrictive for all to public '
            || 'using ((select facility_scope()) is null or episode_in_scope(episode_key, (select facility_scope()))) '
            || 'with check ((select facility_scope()) is null or episode_in_scope(episode_key, (select facility_scope())))', t);
    end loop;
end
$rls$;

-- A run's figures carry the run's facility (null for a run of all facilities, which a limited login does not see), so
-- that row-level security decides them as it decides runs: a comparison per row with the facilities taken once per
-- statement, instead of a call of run_in_scope for every figure. A month on the dashboard reads about 9,600 figures of
-- 15 runs, and that call per figure cost its first view about 4 s at a load average of 30. Filled by the database from
-- the run on every insert and update, whatever a client sends, with the caller's rights.
alter table analysis_figure add column run_facility_filter text;
update analysis_figure f set run_facility_filter = r.facility_filter
from analysis_run r where r.run_id = f.run_id and r.facility_filter is not null;

create function analysis_figure_run_facility() returns trigger
language plpgsql
set search_path = pg_catalog, public
as $$
begin
    new.run_facility_filter := (select r.facility_filter from public.analysis_run r where r.run_id = new.run_id);
    return new;
end
$$;
create trigger analysis_figure_run_facility before insert or update on analysis_figure
    for each row execute function analysis_figure_run_facility();

drop policy facility_scope on analysis_figure;
create policy facility_scope on analysis_figure as restrictive for all to public
    using ((select facility_scope()) is null or run_facility_filter = any ((select facility_scope())::text[]))
    with check ((select facility_scope()) is null or run_facility_filter = any ((select facility_scope())::text[]));
