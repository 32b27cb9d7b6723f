using Npgsql;
using Outcomes.Database.Embedded;
using Outcomes.TestSupport;
using Xunit;

namespace Outcomes.Cli.Tests.Commands;

/// <summary>
/// On the embedded cluster the daily commands act through a login that is not a superuser (a superuser passes every
/// row-level policy and can switch the audit trail's trigger off), and the server logs every schema change. A cluster of
/// its own in a temporary home, through the real program with no <c>OUTCOMES_CONNECTION</c>.
/// </summary>
public sealed class EmbeddedDailyLoginTests : IAsyncLifetime
{
    private readonly string _home = Path.Combine(Path.GetTempPath(), "outcomes-daily-" + Guid.NewGuid().ToString("N")[..10]);

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await new EmbeddedCluster(_home).StopAsync();
        if (Directory.Exists(_home))
        {
            Directory.Delete(_home, recursive: true);
        }
    }

    [Fact]
    public async Task Daily_commands_act_through_a_login_that_is_no_superuser_and_owns_nothing()
    {
        var environment = new Dictionary<string, string> { ["OUTCOMES_HOME"] = _home };
        var set = await CliProcess.RunWithEnvironmentAsync("", environment, "targets", "set", "completion", "--at-least", "0.5", "--from", "2026-01-01");
        Assert.True(set.ExitCode == 0, set.Output + set.Errors);
        var listed = await CliProcess.RunWithEnvironmentAsync("", environment, "audit", "list");
        Assert.True(listed.ExitCode == 0, listed.Output + listed.Errors);
        var line = listed.Output.Split('\n').Single(l => l.Contains("target.set", StringComparison.Ordinal));
        Assert.Contains(EmbeddedCluster.OperatorLogin, line, StringComparison.Ordinal);
        Assert.Contains("outcomes_analyst", line, StringComparison.Ordinal);

        var cluster = new EmbeddedCluster(_home);
        await using var superuser = new NpgsqlConnection(cluster.ConnectionStringFor(EmbeddedCluster.DatabaseName));
        await superuser.OpenAsync();
        await using var check = new NpgsqlCommand("""
            select r.rolsuper, r.rolcreaterole, r.rolcreatedb, r.rolbypassrls,
                   pg_has_role(r.oid, 'outcomes_owner', 'member'), pg_has_role(r.oid, 'outcomes_admin', 'member'),
                   (select count(*) from pg_class c where c.relowner = r.oid),
                   current_setting('log_statement')
            from pg_roles r where r.rolname = 'outcomes_operator'
            """, superuser);
        await using var reader = await check.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        Assert.Equal((false, false, false, false, false, true, 0L, "ddl"),
            (reader.GetBoolean(0), reader.GetBoolean(1), reader.GetBoolean(2), reader.GetBoolean(3), reader.GetBoolean(4), reader.GetBoolean(5),
             reader.GetInt64(6), reader.GetString(7)));
        var passwordFile = Directory.GetFiles(_home, "operator-password", SearchOption.AllDirectories).Single();
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(passwordFile));
        }
    }
}
