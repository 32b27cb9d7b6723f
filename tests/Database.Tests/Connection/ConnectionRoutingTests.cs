using Npgsql;
using Outcomes.Database.Connection;
using Xunit;

namespace Outcomes.Database.Tests.Connection;

/// <summary>
/// Which server a piece of work reaches when a hot standby is configured, and the login it uses there. The standby
/// itself is exercised with a real primary and standby in the command tests (<c>StandbyReadTests</c>).
/// </summary>
public sealed class ConnectionRoutingTests
{
    [Fact]
    public void Reports_and_web_pages_read_the_standby_and_every_kind_of_write_stays_on_the_primary()
    {
        var toStandby = Enum.GetValues<Workload>().Where(ConnectionRouting.ReadsFromStandby).ToList();

        Assert.Equal([Workload.Reports, Workload.WebPages], toStandby);
    }

    [Fact]
    public void A_role_s_own_login_keeps_its_name_and_password_on_the_standby_and_takes_the_standby_s_server()
    {
        var twin = new NpgsqlConnectionStringBuilder(ConnectionRouting.ReadTwin(
            "Host=db1.example;Port=5432;Database=outcomes;Username=reporter_login;Password=reporter-secret;Read Buffer Size=65536",
            "Host=db2.example;Port=5433;Database=outcomes_copy;Username=someone_else;Password=other-secret;SSL Mode=Require",
            replacesLogin: false));

        Assert.Equal(("db2.example", 5433, "outcomes_copy", SslMode.Require), (twin.Host, twin.Port, twin.Database, twin.SslMode));
        Assert.Equal(("reporter_login", "reporter-secret", 65536), (twin.Username, twin.Password, twin.ReadBufferSize));
    }

    [Fact]
    public void The_management_login_takes_the_name_and_password_the_read_connection_gives_and_keeps_its_own_without_them()
    {
        const string primary = "Host=db1.example;Database=outcomes;Username=outcomes;Password=primary-secret";

        var given = new NpgsqlConnectionStringBuilder(ConnectionRouting.ReadTwin(
            primary, "Host=db2.example;Database=outcomes;Username=reader;Password=reader-secret", replacesLogin: true));
        var kept = new NpgsqlConnectionStringBuilder(ConnectionRouting.ReadTwin(primary, "Host=db2.example;Database=outcomes", replacesLogin: true));

        Assert.Equal(("db2.example", "reader", "reader-secret"), (given.Host, given.Username, given.Password));
        Assert.Equal(("db2.example", "outcomes", "primary-secret"), (kept.Host, kept.Username, kept.Password));
    }

    [Fact]
    public async Task A_data_source_paired_with_a_primary_writes_there_and_any_other_writes_through_itself()
    {
        await using var standby = NpgsqlDataSource.Create("Host=db2.example;Database=outcomes");
        await using var primary = NpgsqlDataSource.Create("Host=db1.example;Database=outcomes");
        await using var alone = NpgsqlDataSource.Create("Host=db3.example;Database=outcomes");

        ConnectionRouting.Pair(standby, primary);

        Assert.Same(primary, ConnectionRouting.WritesOf(standby));
        Assert.True(ConnectionRouting.ReadsFromStandby(standby));
        Assert.Same(alone, ConnectionRouting.WritesOf(alone));
        Assert.False(ConnectionRouting.ReadsFromStandby(alone));
    }
}
