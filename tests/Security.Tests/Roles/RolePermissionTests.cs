using Dapper;
using Npgsql;
using Outcomes.Database.Connection;
using Xunit;

namespace Outcomes.Security.Tests.Roles;

/// <summary>
/// Each role is refused, by PostgreSQL itself (SQLSTATE 42501, insufficient privilege), what it must not touch, and may do
/// what its commands need. Every statement runs in a transaction that is rolled back.
/// </summary>
[Collection(SecuredCohortCollection.Name)]
public sealed class RolePermissionTests(SecuredCohort cohort)
{
    public static TheoryData<DatabaseRole, string> Refused => new()
    {
        // The analyst never sees who a patient is, nor the raw rows of the quarantine, and does not load data.
        { DatabaseRole.Analyst, "select count(*) from patient_identity" },
        { DatabaseRole.Analyst, "select source_patient_id from patient_identity limit 1" },
        { DatabaseRole.Analyst, "select raw_record from ingest_quarantine limit 1" },
        { DatabaseRole.Analyst, "insert into facility (facility_id, first_batch_id) values ('NEW', 1)" },
        { DatabaseRole.Analyst, "update episode set discharged_on = discharged_on" },
        { DatabaseRole.Analyst, "select count(*) from audit_event" },
        { DatabaseRole.Analyst, "create table analyst_table (x integer)" },
        // The reporter reads runs and aggregates: no patient table, no source ids, no sessions, no review notes, no writes.
        { DatabaseRole.Reporter, "select count(*) from patient" },
        { DatabaseRole.Reporter, "select source_episode_id from episode limit 1" },
        // A counsellor's flags are staff performance data (migration 0034): not for the reporter's aggregates.
        { DatabaseRole.Reporter, "select counsellor from episode limit 1" },
        { DatabaseRole.Reporter, "select count(*) from attendance_session" },
        { DatabaseRole.Reporter, "select note from risk_flag_review limit 1" },
        { DatabaseRole.Reporter, "delete from analysis_run" },
        { DatabaseRole.Reporter, "select * from flag_worklist(null, 'a reporter trying')" },
        { DatabaseRole.Reporter, "select count(*) from patient_identity" },
        // Instrument scores, referrals and surveys (contract v2) are patient rows like screens: the reporter reads the
        // figures the runs made of them, never the rows.
        { DatabaseRole.Reporter, "select count(*) from assessment" },
        { DatabaseRole.Reporter, "select count(*) from referral" },
        { DatabaseRole.Reporter, "select count(*) from survey" },
        { DatabaseRole.Reporter, "update program_instrument set name = name" },
        // The analyst reads them and the program's own instruments, and changes none of them.
        { DatabaseRole.Analyst, "update assessment set total_score = total_score" },
        { DatabaseRole.Analyst, "delete from referral" },
        { DatabaseRole.Analyst, "update program_instrument set reliability = reliability" },
        // The ingest loads; it does not read or write what the analysis produces, nor export identities.
        { DatabaseRole.Ingest, "select count(*) from analysis_figure" },
        { DatabaseRole.Ingest, "delete from episode" },
        { DatabaseRole.Ingest, "delete from risk_flag" },
        { DatabaseRole.Ingest, "select count(*) from audit_event" },
        { DatabaseRole.Ingest, "select * from flag_worklist(null, 'the ingest trying')" },
        { DatabaseRole.Ingest, "delete from survey" },
        { DatabaseRole.Ingest, "delete from program_instrument" },
        // No role owns a table or may create objects: the red-team's ingest owned the sessions table and planted a
        // function in schema public that ran as the analyst.
        { DatabaseRole.Ingest, "create function public.lower(integer) returns text language sql as 'select 1::text'" },
        { DatabaseRole.Ingest, "create table ingest_table (x integer)" },
        { DatabaseRole.Ingest, "alter table attendance_session disable row level security" },
        { DatabaseRole.Ingest, "drop index attendance_session_key" },
        { DatabaseRole.Ingest, "drop index attendance_session_episode" },
        { DatabaseRole.Ingest, "truncate attendance_session" },
        { DatabaseRole.Admin, "create table admin_table (x integer)" },
        { DatabaseRole.Admin, "create view admin_view as select 1 as x" },
        { DatabaseRole.Admin, "truncate episode" },
        { DatabaseRole.Admin, "alter table episode no force row level security" },
        { DatabaseRole.Admin, "drop policy facility_scope on episode" },
        { DatabaseRole.Admin, "create trigger t before insert on episode for each row execute function audit_change()" },
        { DatabaseRole.Admin, "alter table audit_event disable trigger audit_event_no_update" },
        // Audit lines only through audit_record, which takes who and when from the server.
        { DatabaseRole.Analyst, "insert into audit_event (action, subject) values ('test', 'forged')" },
        { DatabaseRole.Admin, "insert into audit_event (action, subject, database_user, occurred_at) values ('test', 'forged', 'someone', '2020-01-01')" },
        { DatabaseRole.Reporter, "insert into audit_event (action, subject) values ('test', 'forged')" },
        // Target notes are added by the analyst and kept as written: the reporter only reads them, nobody changes one.
        { DatabaseRole.Reporter, "insert into target_note (target_id, review_year, analysis) select target_id, 2026, 'x' from outcome_target limit 1" },
        { DatabaseRole.Analyst, "update target_note set analysis = analysis" },
        { DatabaseRole.Admin, "delete from target_note" },
        // The backup and drill results are added by the jobs and kept: the administrator's login cannot hide a failed backup.
        { DatabaseRole.Admin, "delete from backup_run" },
        { DatabaseRole.Admin, "update backup_run set outcome = 'succeeded'" },
        { DatabaseRole.Analyst, "select count(*) from backup_run" },
        // The facility limits are changed by the management login alone.
        { DatabaseRole.Admin, "delete from facility_access" },
        { DatabaseRole.Admin, "insert into facility_access (login_name, facility_id) select 'x', facility_id from facility limit 1" },
    };

    public static TheoryData<DatabaseRole, string> Allowed => new()
    {
        { DatabaseRole.Analyst, "select count(*) from episode" },
        { DatabaseRole.Analyst, "select count(*) from attendance_session" },
        { DatabaseRole.Analyst, "select count(file_name) from ingest_quarantine" },
        { DatabaseRole.Analyst, "select refresh_lookup_statistics()" },
        { DatabaseRole.Analyst, "select audit_record('test', 'allowed')" },
        { DatabaseRole.Reporter, "select audit_record('test.export', 'allowed', null, 3, 'detail')" },
        { DatabaseRole.Ingest, "select audit_record('test', 'allowed')" },
        { DatabaseRole.Admin, "select count(*) from audit_event" },
        { DatabaseRole.Admin, "select count(*) from facility_access" },
        { DatabaseRole.Admin, "insert into backup_run (kind, started_at, finished_at, outcome, detail) values ('backup', now(), now(), 'failed', 'test') returning backup_run_id" },
        { DatabaseRole.Admin, "select count(*) from backup_run" },
        { DatabaseRole.Reporter, "select count(*) from analysis_figure" },
        { DatabaseRole.Reporter, "select count(episode_key) from episode" },
        { DatabaseRole.Reporter, "select count(*) from outcome_target" },
        { DatabaseRole.Reporter, "select count(*) from target_note" },
        { DatabaseRole.Analyst, "select count(*) from target_note" },
        // The Risk flags sheet's follow-through: each flag's horizon, reasons (counted by sign) and rule.
        { DatabaseRole.Reporter, "select count(horizon_days) + count(reasons) + count(threshold_rule) from risk_flag" },
        { DatabaseRole.Ingest, "select count(*) from patient_identity" },
        { DatabaseRole.Ingest, "update episode set discharged_on = discharged_on where episode_key < 0" },
        // Contract v2: the ingest loads scores, referrals, surveys and the program's own instruments; the analyst reads
        // them; the reporter reads the instruments' definitions (no patient data) to name a figure's instrument.
        { DatabaseRole.Ingest, "update assessment set total_score = total_score where assessment_key < 0" },
        { DatabaseRole.Ingest, "update referral set referral_source = referral_source where referral_key < 0" },
        { DatabaseRole.Ingest, "update survey set score = score where survey_key < 0" },
        { DatabaseRole.Ingest, "update program_instrument set name = name where instrument = ''" },
        { DatabaseRole.Analyst, "select count(*) from assessment" },
        { DatabaseRole.Analyst, "select count(*) from referral" },
        { DatabaseRole.Analyst, "select count(*) from survey" },
        { DatabaseRole.Analyst, "select count(*) from program_instrument" },
        { DatabaseRole.Reporter, "select count(*) from program_instrument" },
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public async Task A_role_is_refused_by_PostgreSQL_what_it_must_not_touch(DatabaseRole role, string sql)
    {
        var error = await Assert.ThrowsAsync<PostgresException>(() => RunAsync(role, sql));
        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, error.SqlState);
    }

    [Theory]
    [MemberData(nameof(Allowed))]
    public async Task A_role_may_do_what_its_commands_need(DatabaseRole role, string sql) => await RunAsync(role, sql);

    [Fact]
    public async Task Each_role_the_administrator_too_acts_as_its_group_role_never_as_the_owner()
    {
        foreach (var role in DatabaseRoles.All)
        {
            await using var dataSource = cohort.As(role);
            await using var connection = await dataSource.OpenConnectionAsync();
            Assert.Equal(role.RoleName(), await connection.ExecuteScalarAsync<string>("select current_user"));
            Assert.False(await connection.ExecuteScalarAsync<bool>("select pg_has_role(current_user, 'outcomes_owner', 'member')"));
        }
    }

    [Fact]
    public async Task Every_object_of_the_schema_belongs_to_the_owner_role_which_cannot_log_in()
    {
        var strays = await cohort.Database.QueryAsync<string>("""
            select c.relname::text from pg_class c join pg_namespace n on n.oid = c.relnamespace
            where n.nspname = 'public' and c.relkind in ('r', 'p', 'v', 'm', 'S') and pg_get_userbyid(c.relowner) <> 'outcomes_owner'
            union all
            select p.oid::regprocedure::text from pg_proc p join pg_namespace n on n.oid = p.pronamespace
            where n.nspname = 'public' and pg_get_userbyid(p.proowner) <> 'outcomes_owner'
            """);
        Assert.Empty(strays);
        Assert.False(await cohort.Database.ScalarAsync<bool>("select rolcanlogin from pg_roles where rolname = 'outcomes_owner'"));
        var members = await cohort.Database.QueryAsync<string>("""
            select r.rolname::text from pg_roles r
            where r.rolname in ('outcomes_ingest', 'outcomes_analyst', 'outcomes_reporter', 'outcomes_admin', 'outcomes_operator')
              and pg_has_role(r.oid, 'outcomes_owner', 'member')
            """);
        Assert.Empty(members);
    }

    [Fact]
    public async Task No_role_of_the_tool_may_create_in_any_schema_of_the_database()
    {
        var creators = await cohort.Database.QueryAsync<string>("""
            select r.rolname || ' in ' || n.nspname
            from pg_roles r cross join pg_namespace n
            where r.rolname in ('outcomes_ingest', 'outcomes_analyst', 'outcomes_reporter', 'outcomes_admin', 'outcomes_operator')
              and n.nspname not like 'pg\_%' and n.nspname <> 'information_schema'
              and has_schema_privilege(r.oid, n.oid, 'create')
            """);
        Assert.Empty(creators);
        Assert.False(await cohort.Database.ScalarAsync<bool>("""
            select exists (select 1 from pg_namespace n, aclexplode(n.nspacl) a
                           where n.nspname = 'public' and a.grantee = 0 and a.privilege_type = 'CREATE')
            """));
    }

    [Fact]
    public async Task Every_function_running_with_its_owners_rights_pins_its_search_path_and_is_not_callable_by_everyone()
    {
        var unpinned = await cohort.Database.QueryAsync<string>("""
            select p.oid::regprocedure::text from pg_proc p join pg_namespace n on n.oid = p.pronamespace
            where n.nspname = 'public' and p.prosecdef
              and not exists (select 1 from unnest(p.proconfig) c where c like 'search\_path=%')
            """);
        Assert.Empty(unpinned);
        var open = await cohort.Database.QueryAsync<string>("""
            select p.oid::regprocedure::text from pg_proc p join pg_namespace n on n.oid = p.pronamespace, aclexplode(coalesce(p.proacl, acldefault('f', p.proowner))) a
            where n.nspname = 'public' and p.prosecdef and a.grantee = 0
            """);
        Assert.Empty(open);
    }

    private async Task RunAsync(DatabaseRole role, string sql)
    {
        await using var dataSource = cohort.As(role);
        await using var connection = await dataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        try
        {
            await connection.ExecuteAsync(sql, transaction: transaction);
        }
        finally
        {
            await transaction.RollbackAsync();
        }
    }
}
