using Outcomes.TestSupport;
using Xunit;

namespace Outcomes.Cli.Tests.Commands;

/// <summary>
/// <c>outcomes audit verify</c>, through the real program: an intact trail exits 0 and prints its head; a line deleted by
/// a superuser with the append-only trigger switched off is named, and the command exits 3.
/// </summary>
public sealed class AuditVerifyCommandTests(TestDatabase database) : IClassFixture<TestDatabase>
{
    [Fact]
    public async Task A_line_deleted_behind_the_tools_back_is_named_and_the_command_exits_3()
    {
        foreach (var from in new[] { "2024-01-01", "2025-01-01", "2026-01-01" })
        {
            var set = await CliProcess.RunAsync(database.ConnectionString, "targets", "set", "completion", "--at-least", "0.5",
                "--from", from, "--to", from[..4] + "-12-31");
            Assert.True(set.ExitCode == 0, set.Output + set.Errors);
        }

        var intact = await CliProcess.RunAsync(database.ConnectionString, "audit", "verify");
        Assert.True(intact.ExitCode == 0, intact.Output + intact.Errors);
        Assert.Contains("3 line(s); head 3:", intact.Output, StringComparison.Ordinal);
        var head = intact.Output.Split("head ")[1].Split('\n')[0].Trim();

        await using (var connection = await database.DataSource.OpenConnectionAsync())
        {
            await using var delete = new Npgsql.NpgsqlCommand("set session_replication_role = replica; delete from audit_event where chain_seq = 2", connection);
            await delete.ExecuteNonQueryAsync();
        }

        var broken = await CliProcess.RunAsync(database.ConnectionString, "audit", "verify", "--expect-head", head);
        Assert.Equal(3, broken.ExitCode);
        Assert.Contains("lines 2 to 2 are missing (deleted)", broken.Output, StringComparison.Ordinal);
        Assert.Contains("The audit trail was altered", broken.Output, StringComparison.Ordinal);

        var malformed = await CliProcess.RunAsync(database.ConnectionString, "audit", "verify", "--expect-head", "3:not-a-hash");
        Assert.Equal(2, malformed.ExitCode);
        Assert.Contains("--expect-head: expected SEQ:HASH", malformed.Errors, StringComparison.Ordinal);
    }
}
