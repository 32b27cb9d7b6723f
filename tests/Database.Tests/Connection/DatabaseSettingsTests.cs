using Outcomes.Database.Connection;
using Xunit;

namespace Outcomes.Database.Tests.Connection;

public sealed class DatabaseSettingsTests
{
    [Fact]
    public void A_connection_string_without_a_host_is_refused_with_a_message_naming_the_variable_and_the_host()
    {
        var error = Assert.Throws<InvalidOperationException>(() => DatabaseSettings.Validate("Database=outcomes;Username=u"));

        Assert.Equal("OUTCOMES_CONNECTION: host is missing (expected Host=server-name).", error.Message);
    }

    [Fact]
    public void A_connection_string_without_a_database_is_refused()
    {
        var error = Assert.Throws<InvalidOperationException>(() => DatabaseSettings.Validate("Host=db.example;Username=u"));

        Assert.Contains("database is missing", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_printable_description_of_a_server_never_holds_the_password()
    {
        var description = DatabaseSettings.Describe("Host=db.example;Port=5433;Database=outcomes;Username=u;Password=s3cret-value");

        Assert.Equal("db.example:5433/outcomes", description);
        Assert.DoesNotContain("s3cret", description, StringComparison.Ordinal);
    }
}
