using Npgsql;
using Outcomes.TestSupport;
using Xunit;

namespace Outcomes.Security.Tests.Secrets;

/// <summary>The connection string's password never appears in what the program prints, whether it connects or not.</summary>
[Trait(TestCategory.Name, TestCategory.Process)]
public sealed class SecretsNotPrintedTests : IAsyncLifetime
{
    private readonly TestDatabase _database = new();

    public Task InitializeAsync() => _database.InitializeAsync();

    public Task DisposeAsync() => _database.DisposeAsync();

    [Fact]
    public async Task Status_names_the_server_but_never_the_password()
    {
        var password = new NpgsqlConnectionStringBuilder(_database.ConnectionString).Password!;

        var (exit, output, errors) = await CliProcess.RunAsync(_database.ConnectionString, "db", "status");

        Assert.Equal(0, exit);
        Assert.Contains(_database.Name, output, StringComparison.Ordinal);
        Assert.DoesNotContain(password, output + errors, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_wrong_password_fails_with_a_message_that_does_not_repeat_it()
    {
        const string wrong = "Wrong-Secret-4e1d9b";
        var connection = new NpgsqlConnectionStringBuilder(_database.ConnectionString) { Password = wrong }.ConnectionString;

        var (exit, output, errors) = await CliProcess.RunAsync(connection, "analyze", "--period", "2026-06");

        Assert.NotEqual(0, exit);
        Assert.Contains("password authentication failed", errors, StringComparison.Ordinal);
        Assert.DoesNotContain(wrong, output + errors, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_patient_level_export_is_refused_without_its_explicit_flag()
    {
        var folder = Directory.CreateTempSubdirectory("outcomes-export-").FullName;
        try
        {
            var (exit, _, errors) = await CliProcess.RunAsync(_database.ConnectionString, "flags", "export", "--out", folder);

            Assert.NotEqual(0, exit);
            Assert.Contains("--include-identifiers", errors, StringComparison.Ordinal);
            Assert.Empty(Directory.EnumerateFileSystemEntries(folder));
            Assert.Equal(0, await _database.ScalarAsync<long>("select count(*) from audit_event where action = 'export.flag_worklist'"));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
