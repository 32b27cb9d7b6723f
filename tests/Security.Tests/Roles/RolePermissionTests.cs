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
        { DatabaseRole.Reporter, "select count(*) from attendance_session" },
        { DatabaseRole.Reporter, "select note from risk_flag_review limit 1" },
        { DatabaseRole.Reporter, "delete from analysis_run" },
        { DatabaseRole.Reporter, "select * from flag_worklist(null, 'a reporter trying')" },
        { DatabaseRole.Reporter, "select count(*) from patient_identity" },
        // The ingest loads; it does not read or write what the analysis produces, nor export identities.
        { DatabaseRole.Ingest, "select count(*) from analysis_figure" },
        { DatabaseRole.Ingest, "delete from episode" },
        { DatabaseRole.Ingest, "delete from risk_flag" },
        { DatabaseRole.Ingest, "select count(*) from audit_event" },
        { DatabaseRole.Ingest, "select * from flag_worklist(null, 'the ingest trying')" },
    };

    public static TheoryData<DatabaseRole, string> Allowed => new()
    {
        { DatabaseRole.Analyst, "select count(*) from episode" },
        { DatabaseRole.Analyst, "select count(*) from attendance_session" },
        { DatabaseRole.Analyst, "select count(file_name) from ingest_quarantine" },
        { DatabaseRole.Analyst, "select refresh_lookup_statistics()" },
        { DatabaseRole.Analyst, "insert into audit_event (action, subject) values ('test', 'allowed')" },
        { DatabaseRole.Reporter, "select count(*) from analysis_figure" },
        { DatabaseRole.Reporter, "select count(episode_key) from episode" },
        { DatabaseRole.Reporter, "select count(*) from outcome_target" },
        { DatabaseRole.Ingest, "select count(*) from patient_identity" },
        { DatabaseRole.Ingest, "update episode set discharged_on = discharged_on where episode_key < 0" },
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
    public async Task Each_role_acts_as_its_group_role_and_the_admin_as_the_owner()
    {
        foreach (var role in DatabaseRoles.All)
        {
            await using var dataSource = cohort.As(role);
            await using var connection = await dataSource.OpenConnectionAsync();
            var current = await connection.ExecuteScalarAsync<string>("select current_user");
            Assert.Equal(role == DatabaseRole.Admin ? await cohort.Database.ScalarAsync<string>("select current_user") : role.RoleName(), current);
        }
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
