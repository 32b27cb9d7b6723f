using Dapper;
using Npgsql;
using Outcomes.Database.Audit;
using Outcomes.Database.Connection;
using Outcomes.TestSupport;
using Xunit;

namespace Outcomes.Security.Tests.Audit;

/// <summary>
/// The audit trail takes who and when from the server, never from the client, and is a hash chain: a line deleted or
/// edited by anyone, a superuser who switches the append-only trigger off included, is found by the verification.
/// Each test has a database of its own, since it breaks the chain on purpose.
/// </summary>
public sealed class AuditChainTests : IAsyncLifetime
{
    private readonly TestDatabase _database = new();

    public Task InitializeAsync() => _database.InitializeAsync();

    public Task DisposeAsync() => _database.DisposeAsync();

    [Fact]
    public async Task Who_and_when_come_from_the_server_whatever_the_client_sends()
    {
        await using var reporter = NpgsqlDataSource.Create(OutcomesDatabase.ForRole(_database.ConnectionString, DatabaseRole.Reporter));
        await using var connection = await reporter.OpenConnectionAsync();
        // What the red team did: fill in the identity columns themselves. The table takes no insert from a role.
        var forged = await Assert.ThrowsAsync<PostgresException>(() => connection.ExecuteAsync(
            "insert into audit_event (action, subject, database_user, acting_role, occurred_at) values ('export.x', 'y', 'someone_else', 'outcomes_admin', '2001-01-01')"));
        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, forged.SqlState);
        // A setting the client could send is not where the role comes from any more.
        await connection.ExecuteAsync("set outcomes.acting_role = 'outcomes_admin'");
        await AuditLog.RecordAsync(connection, new AuditEntry("export.test", "a line"), null);

        var line = (await _database.QueryAsync<(string DatabaseUser, string ActingRole, bool Now)>(
            "select database_user, acting_role, occurred_at > now() - interval '1 minute' from audit_event where action = 'export.test'")).Single();
        Assert.Equal(await _database.ScalarAsync<string>("select session_user::text"), line.DatabaseUser);
        Assert.Equal("outcomes_reporter", line.ActingRole);
        Assert.True(line.Now);
    }

    [Fact]
    public async Task An_intact_trail_verifies_and_prints_its_head()
    {
        await RecordLinesAsync(5);

        await using var admin = AsAdmin();
        var report = await AuditChain.VerifyAsync(admin);

        Assert.True(report.Intact, string.Join("; ", report.Breaks.Select(b => $"{b.ChainSeq}: {b.Problem}")));
        Assert.Equal(5, report.Lines);
        Assert.Equal(5, report.HeadSeq);
        Assert.Equal(64, report.HeadHash!.Length);
        Assert.True((await AuditChain.VerifyAsync(admin, AuditChain.FormatHead(report.HeadSeq, report.HeadHash))).Intact);
    }

    [Fact]
    public async Task A_line_deleted_by_a_superuser_with_the_triggers_off_is_found()
    {
        await RecordLinesAsync(5);

        await AsSuperuserWithoutTriggersAsync("delete from audit_event where chain_seq = 3");

        await using var admin = AsAdmin();
        var report = await AuditChain.VerifyAsync(admin);
        Assert.False(report.Intact);
        Assert.Contains(report.Breaks, b => b.ChainSeq == 3 && b.Problem.Contains("missing", StringComparison.Ordinal));
        Assert.Contains(report.Breaks, b => b.ChainSeq == 4 && b.Problem.Contains("does not follow", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_line_edited_by_a_superuser_with_the_triggers_off_is_found()
    {
        await RecordLinesAsync(4);

        await AsSuperuserWithoutTriggersAsync("update audit_event set detail = 'nothing to see', database_user = 'someone_else' where chain_seq = 2");

        await using var admin = AsAdmin();
        var report = await AuditChain.VerifyAsync(admin);
        Assert.Equal([2L], report.Breaks.Select(b => b.ChainSeq));
        Assert.Contains("edited", report.Breaks[0].Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Lines_deleted_from_the_end_are_found_against_a_head_noted_earlier()
    {
        await RecordLinesAsync(4);
        await using var admin = AsAdmin();
        var noted = await AuditChain.VerifyAsync(admin);

        await AsSuperuserWithoutTriggersAsync("delete from audit_event where chain_seq >= 3");

        Assert.True((await AuditChain.VerifyAsync(admin)).Intact);
        var report = await AuditChain.VerifyAsync(admin, AuditChain.FormatHead(noted.HeadSeq, noted.HeadHash));
        Assert.False(report.Intact);
        Assert.Contains("deleted", report.Breaks.Single().Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_hash_the_client_computes_is_the_one_the_database_stored()
    {
        await using var reporter = NpgsqlDataSource.Create(OutcomesDatabase.ForRole(_database.ConnectionString, DatabaseRole.Reporter));
        // Text that is easy to get wrong: a two-byte letter, an emoji (a surrogate pair), a '|' and a ':' in a field.
        await AuditLog.RecordAsync(reporter, new AuditEntry("export.test", "Zürich | 🙂: pack", Guid.Parse("6f1c1d36-8a71-4c6e-a0b4-2d3d6b1f0a11"), 12, "a:b|c"));

        var line = (await _database.QueryAsync<(DateTime OccurredAt, string DatabaseUser, string ActingRole, string? OsUser, string LineHash)>(
            "select occurred_at, database_user, acting_role, os_user, line_hash from audit_event")).Single();
        var text = AuditChain.LineText(1, line.OccurredAt, line.DatabaseUser, line.ActingRole, line.OsUser, "export.test", "Zürich | 🙂: pack",
            Guid.Parse("6f1c1d36-8a71-4c6e-a0b4-2d3d6b1f0a11"), 12, "a:b|c", null);
        Assert.Equal(line.LineHash, AuditChain.Hash(text));
        Assert.Equal(text, await _database.ScalarAsync<string>("""
            select audit_line_text(chain_seq, occurred_at, database_user, acting_role, os_user, action, subject, run_id, row_count, detail, previous_hash)
            from audit_event
            """));
    }

    private NpgsqlDataSource AsAdmin() => NpgsqlDataSource.Create(OutcomesDatabase.ForRole(_database.ConnectionString, DatabaseRole.Admin));

    private async Task RecordLinesAsync(int count)
    {
        await using var analyst = NpgsqlDataSource.Create(OutcomesDatabase.ForRole(_database.ConnectionString, DatabaseRole.Analyst));
        for (var i = 1; i <= count; i++)
        {
            await AuditLog.RecordAsync(analyst, new AuditEntry("export.test", $"line {i}", RowCount: i));
        }
    }

    // What a superuser can do that no role can: switch every trigger off for the session.
    private async Task AsSuperuserWithoutTriggersAsync(string sql)
    {
        await using var connection = await _database.DataSource.OpenConnectionAsync();
        await connection.ExecuteAsync("set session_replication_role = replica");
        await connection.ExecuteAsync(sql);
        await connection.ExecuteAsync("set session_replication_role = origin");
    }
}
