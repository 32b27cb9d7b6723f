using Npgsql;
using Outcomes.Database.Connection;
using Xunit;

namespace Outcomes.Database.Tests.Connection;

public sealed class RoleConnectionStringTests
{
    [Fact]
    public void A_role_connection_reads_through_a_64_KB_buffer_when_the_connection_string_names_none()
    {
        var connection = new NpgsqlConnectionStringBuilder(
            OutcomesDatabase.ForRole("Host=db.example;Database=outcomes;Username=u", DatabaseRole.Analyst));

        Assert.Equal(65536, connection.ReadBufferSize);
        Assert.Contains("-c role=outcomes_analyst", connection.Options, StringComparison.Ordinal);
    }

    [Fact]
    public void A_read_buffer_named_in_the_connection_string_is_kept()
    {
        var connection = new NpgsqlConnectionStringBuilder(
            OutcomesDatabase.ForRole("Host=db.example;Database=outcomes;Username=u;Read Buffer Size=16384", DatabaseRole.Analyst));

        Assert.Equal(16384, connection.ReadBufferSize);
    }
}
